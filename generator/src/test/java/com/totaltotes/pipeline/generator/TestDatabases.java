package com.totaltotes.pipeline.generator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fresh databases on an embedded PostgreSQL, and the queries the tests share. */
final class TestDatabases {

  private final EmbeddedPostgres postgres;
  private int created;

  TestDatabases(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Creates a new empty database and connects to it. */
  Connection newDatabase() throws SQLException {
    String name = "totesys_" + (++created);
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return DriverManager.getConnection(postgres.getJdbcUrl("postgres", name));
  }

  /** md5 over every row of the table in id order. */
  static String checksum(Connection c, TotesysTable t) throws SQLException {
    return string(
        c,
        "SELECT md5(string_agg(t::text, '|' ORDER BY t."
            + t.idColumn()
            + ")) FROM "
            + t.sqlName()
            + " t");
  }

  /** md5 of each row, by id. */
  static Map<Integer, String> rowHashes(Connection c, TotesysTable t) throws SQLException {
    Map<Integer, String> hashes = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + t.idColumn()
                    + ", md5(t::text) FROM "
                    + t.sqlName()
                    + " t ORDER BY 1")) {
      while (rs.next()) {
        hashes.put(rs.getInt(1), rs.getString(2));
      }
    }
    return hashes;
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
