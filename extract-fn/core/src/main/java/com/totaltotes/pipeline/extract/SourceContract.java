package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.source.SourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The check of totesys' schema against what the pipeline needs ({@link
 * SourceTable#neededColumns()}), made in the extract's snapshot before anything is read or written.
 * A needed table or column that is missing, or a needed column whose type left its family, fails
 * the run permanently with one line naming every such table and column. Anything else is drift: a
 * column the pipeline does not know (added, or the new name of a renamed unneeded column) or a
 * known unneeded column that is gone is a warning; a table outside the allow-list is listed for one
 * log line.
 */
final class SourceContract {
  /** What the check found that does not stop the run. */
  record Drift(List<String> columnWarnings, List<String> otherTables) {}

  private SourceContract() {}

  static Drift check(Connection c, String describeSource) throws SQLException {
    Map<SourceTable, Map<String, String>> actual = new EnumMap<>(SourceTable.class);
    TreeSet<String> otherTables = new TreeSet<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select t.table_name, c.column_name, c.data_type"
                    + " from information_schema.tables t"
                    + " left join information_schema.columns c"
                    + "   on c.table_schema = t.table_schema and c.table_name = t.table_name"
                    + " where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'"
                    + " order by t.table_name, c.ordinal_position");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String table = rs.getString(1);
        var known = SourceTable.byName(table);
        if (known.isEmpty()) {
          otherTables.add(table);
          continue;
        }
        Map<String, String> columns =
            actual.computeIfAbsent(known.get(), t -> new LinkedHashMap<>());
        if (rs.getString(2) != null) {
          columns.put(rs.getString(2), rs.getString(3));
        }
      }
    }
    List<String> broken = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (SourceTable table : SourceTable.values()) {
      Map<String, String> columns = actual.get(table);
      if (columns == null) {
        broken.add("table " + table.tableName() + " is missing");
        continue;
      }
      table
          .neededColumns()
          .forEach(
              (column, type) -> {
                String dataType = columns.get(column);
                if (dataType == null) {
                  broken.add(table.tableName() + "." + column + " is missing (dropped or renamed)");
                } else if (SourceType.of(dataType) != type) {
                  broken.add(
                      table.tableName()
                          + "."
                          + column
                          + " is "
                          + dataType
                          + " where the pipeline needs "
                          + type.name().toLowerCase(java.util.Locale.ROOT));
                }
              });
      for (String column : columns.keySet()) {
        if (!table.neededColumns().containsKey(column)
            && !table.unneededColumns().contains(column)) {
          warnings.add(
              table.tableName()
                  + "."
                  + column
                  + " is a column the pipeline does not know: extracted,"
                  + " not used");
        }
      }
      for (String column : table.unneededColumns()) {
        if (!columns.containsKey(column)) {
          warnings.add(table.tableName() + "." + column + " (not used by the warehouse) is gone");
        }
      }
    }
    if (!broken.isEmpty()) {
      throw PipelineException.permanentFailure(
          "source database "
              + describeSource
              + " does not match the pipeline's"
              + " contract: "
              + String.join("; ", broken)
              + ". Nothing was extracted and the watermarks did not move: restore the column (or"
              + " adopt the change, see ARCHITECTURE.md) and the next run delivers every change"
              + " made meanwhile");
    }
    return new Drift(List.copyOf(warnings), List.copyOf(otherTables));
  }
}
