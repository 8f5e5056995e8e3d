package com.totaltotes.pipeline.generator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the foreign keys of the current schema off for a bulk load and puts them back exactly as
 * they were. Checking millions of rows with one anti-join when the key is re-added is far cheaper
 * than one trigger call per row and reference during COPY, and the data is still fully validated.
 */
final class ForeignKeys {

  /** One foreign key: table, constraint name (both quoted for SQL) and its definition. */
  record ForeignKey(String table, String name, String definition) {}

  private ForeignKeys() {}

  /** Drops every foreign key of the current schema and returns what is needed to restore them. */
  static List<ForeignKey> dropAll(Connection c) throws SQLException {
    List<ForeignKey> keys = new ArrayList<>();
    String sql =
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM"
            + " pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
            + " ORDER BY conrelid::regclass::text, conname";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        keys.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    try (Statement s = c.createStatement()) {
      for (ForeignKey k : keys) {
        s.execute("ALTER TABLE " + k.table() + " DROP CONSTRAINT " + k.name());
      }
    }
    return keys;
  }

  /** Re-creates (and so validates) the given foreign keys. */
  static void restore(Connection c, List<ForeignKey> keys) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (ForeignKey k : keys) {
        s.execute(
            "ALTER TABLE " + k.table() + " ADD CONSTRAINT " + k.name() + " " + k.definition());
      }
    }
  }
}
