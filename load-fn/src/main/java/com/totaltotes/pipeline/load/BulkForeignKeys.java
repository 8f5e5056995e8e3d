package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The foreign keys of one fact table, as the catalog has them, for the bulk load path: dropped
 * inside the run's transaction before the fact rows go in, and added again after, so that
 * PostgreSQL checks every reference once, set-wise (one anti-join per key), instead of firing a
 * trigger per row — the order {@code pg_restore} uses. Adding a key back reports a dangling
 * reference with the same error as the per-row trigger (SQLState 23503, {@code Key (…)=(…) is not
 * present in table …}), and a failure anywhere rolls the drop back with the rest of the run.
 *
 * <p>Names and definitions come from {@code pg_constraint} ({@code quote_ident}, {@code
 * pg_get_constraintdef}), the table name from {@link WarehouseTable}; nothing comes from the data.
 * Dropping a foreign key takes an ACCESS EXCLUSIVE lock on the fact table and on the dimension it
 * references, held until the run commits or rolls back: readers of those tables wait for the load.
 */
final class BulkForeignKeys {
  private static final String DEFINITION_START = "FOREIGN KEY (";

  private final WarehouseTable table;
  private final List<String> names;
  private final List<String> definitions;

  private BulkForeignKeys(WarehouseTable table, List<String> names, List<String> definitions) {
    this.table = table;
    this.names = names;
    this.definitions = definitions;
  }

  /** Reads the foreign keys {@code table} has now, in name order. */
  static BulkForeignKeys of(Connection c, WarehouseTable table) throws SQLException {
    if (!table.isFact()) {
      throw new IllegalArgumentException(table.tableName() + " is a dimension, not a fact");
    }
    List<String> names = new ArrayList<>();
    List<String> definitions = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "select quote_ident(conname), pg_get_constraintdef(oid) from pg_constraint"
                + " where conrelid = to_regclass(?) and contype = 'f' order by conname")) {
      ps.setString(1, table.tableName());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String definition = rs.getString(2);
          if (!definition.startsWith(DEFINITION_START)) {
            throw new IllegalStateException(
                "foreign key "
                    + rs.getString(1)
                    + " of "
                    + table.tableName()
                    + " reads "
                    + "'"
                    + definition
                    + "' in the catalog, not FOREIGN KEY (…)");
          }
          names.add(rs.getString(1));
          definitions.add(definition);
        }
      }
    }
    return new BulkForeignKeys(table, List.copyOf(names), List.copyOf(definitions));
  }

  /** The names, quoted as identifiers. */
  List<String> names() {
    return names;
  }

  /** Drops them all, in one statement. */
  void drop(Connection c) throws SQLException {
    if (names.isEmpty()) {
      return;
    }
    execute(
        c,
        "alter table "
            + table.tableName()
            + " "
            + names.stream().map(n -> "drop constraint " + n).collect(Collectors.joining(", ")));
  }

  /** Adds them all back as they were, in one statement: PostgreSQL validates each, set-wise. */
  void add(Connection c) throws SQLException {
    if (names.isEmpty()) {
      return;
    }
    List<String> clauses = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      clauses.add("add constraint " + names.get(i) + " " + definitions.get(i));
    }
    execute(c, "alter table " + table.tableName() + " " + String.join(", ", clauses));
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
