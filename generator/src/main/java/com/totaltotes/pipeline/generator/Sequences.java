package com.totaltotes.pipeline.generator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Moves each table's serial sequence to the table's largest id after explicit-id inserts. */
final class Sequences {

  private Sequences() {}

  /** Sets every totesys table's id sequence to max(id), so the next default id follows it. */
  static void advanceAll(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (TotesysTable t : TotesysTable.values()) {
        advance(s, t);
      }
    }
  }

  /** Sets one table's id sequence to max(id) (or back to 1 if the table is empty). */
  static void advance(Statement s, TotesysTable t) throws SQLException {
    s.execute(
        "SELECT setval(pg_get_serial_sequence('"
            + t.sqlName()
            + "', '"
            + t.idColumn()
            + "'), "
            + "coalesce(max("
            + t.idColumn()
            + "), 1), max("
            + t.idColumn()
            + ") IS NOT NULL) FROM "
            + t.sqlName());
  }
}
