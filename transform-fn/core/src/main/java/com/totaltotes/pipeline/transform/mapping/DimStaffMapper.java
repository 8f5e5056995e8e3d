package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;

/**
 * Maps a totesys {@code staff} row joined to its {@code department} row to a {@code dim_staff} row.
 * A department without a location gives {@code location = 'Unknown'}.
 */
public final class DimStaffMapper {
  /** The location of a staff member whose department has none. */
  public static final String UNKNOWN_LOCATION = "Unknown";

  /**
   * The {@code dim_staff} row of that staff member.
   *
   * @param staff the source staff row
   * @param department the source row of the staff's department, or null when it is not known
   * @throws RowRejectedException when the department is unknown or a value cannot be mapped
   * @throws IllegalArgumentException when the department given is not the staff's department
   */
  public WarehouseRow map(SourceRow staff, SourceRow department) {
    int staffId = ColumnValues.requiredInt(staff, "staff_id");
    int departmentId = ColumnValues.requiredInt(staff, "department_id");
    if (department == null) {
      throw new RowRejectedException(
          "department " + departmentId + " of staff " + staffId + " is unknown");
    }
    if (ColumnValues.requiredInt(department, "department_id") != departmentId) {
      throw new IllegalArgumentException(
          "department row given for staff " + staffId + " is not department " + departmentId);
    }
    Object location = ColumnValues.sourceValue(department, "location");
    return new WarehouseRowBuilder(WarehouseTable.DIM_STAFF, staff)
        .copy("staff_id")
        .copy("first_name")
        .copy("last_name")
        .copy(department, "department_name", "department_name")
        .set("location", location == null ? UNKNOWN_LOCATION : location)
        .copy("email_address")
        .build();
  }
}
