package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.with;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import org.junit.jupiter.api.Test;

class DimStaffMapperTest {
  private final DimStaffMapper mapper = new DimStaffMapper();

  private final SourceRow staff =
      source(
          SourceTable.STAFF,
          row()
              .set("staff_id", 12)
              .set("first_name", "Jeremie")
              .set("last_name", "Franey")
              .set("department_id", 7)
              .set("email_address", "jeremie.franey@terrifictotes.com")
              .set("created_at", "2022-11-03T14:20:51.563")
              .set("last_updated", "2022-11-03T14:20:51.563"));

  private final SourceRow department =
      source(
          SourceTable.DEPARTMENT,
          row()
              .set("department_id", 7)
              .set("department_name", "Purchasing")
              .set("location", "Manchester")
              .set("manager", "Naomi Lapaglia")
              .set("created_at", "2022-11-03T14:20:49.962")
              .set("last_updated", "2022-11-03T14:20:49.962"));

  @Test
  void joinsTheDepartmentNameAndLocation() {
    assertThat(mapper.map(staff, department))
        .containsExactlyEntriesOf(
            row()
                .set("staff_id", 12)
                .set("first_name", "Jeremie")
                .set("last_name", "Franey")
                .set("department_name", "Purchasing")
                .set("location", "Manchester")
                .set("email_address", "jeremie.franey@terrifictotes.com"));
  }

  @Test
  void mapsANullDepartmentLocationToUnknown() {
    assertThat(mapper.map(staff, with(department, "location", null)))
        .containsExactlyEntriesOf(
            row()
                .set("staff_id", 12)
                .set("first_name", "Jeremie")
                .set("last_name", "Franey")
                .set("department_name", "Purchasing")
                .set("location", "Unknown")
                .set("email_address", "jeremie.franey@terrifictotes.com"));
  }

  @Test
  void rejectsStaffWhoseDepartmentIsUnknown() {
    assertThatThrownBy(() -> mapper.map(staff, null))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("department 7 of staff 12 is unknown");
  }

  @Test
  void rejectsANullEmailAddress() {
    assertThatThrownBy(() -> mapper.map(with(staff, "email_address", null), department))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column email_address");
  }

  @Test
  void rejectsARowWithoutLastName() {
    assertThatThrownBy(() -> mapper.map(without(staff, "last_name"), department))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("missing column 'last_name'");
  }

  @Test
  void refusesTheRowOfAnotherDepartment() {
    assertThatThrownBy(() -> mapper.map(staff, with(department, "department_id", 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("department row given for staff 12 is not department 7");
  }
}
