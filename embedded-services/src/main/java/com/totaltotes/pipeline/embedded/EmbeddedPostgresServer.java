package com.totaltotes.pipeline.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (zonky embedded binaries, no Docker) on a free loopback port. The
 * superuser is {@code postgres} with password {@code postgres}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres pg;

  private EmbeddedPostgresServer(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  /** A throw-away server whose data is deleted on close. */
  public static EmbeddedPostgresServer start() {
    return start(null);
  }

  /** A server keeping its data in {@code dataDir} (null: a temporary directory). */
  public static EmbeddedPostgresServer start(Path dataDir) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (dataDir != null) {
        builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      // fsync off: tests and demos trade durability for speed
      builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off");
      builder.setServerConfig("full_page_writes", "off");
      return new EmbeddedPostgresServer(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return pg.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database;
  }

  /** Creates a database (if it does not exist) and returns its name. */
  public String createDatabase(String name) {
    return createDatabase(name, "template1");
  }

  /**
   * Creates a database (if it does not exist) as a copy of {@code template}, which no session may
   * be connected to, and returns its name: a fixture built once (seeded, migrated, loaded) is
   * copied for each test in a few milliseconds instead of built again. The copy is file by file
   * ({@code STRATEGY FILE_COPY}), not through the WAL: with fsync off, the quicker of the two.
   */
  public String createDatabase(String name, String template) {
    for (String n : new String[] {name, template}) {
      if (!n.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a plain database name: " + n);
      }
    }
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("create database " + name + " template " + template + " strategy file_copy");
      }
      return name;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  /**
   * Makes every role but {@code postgres} log in with a password over TCP (SCRAM), as a real server
   * does, so that a wrong password is refused. zonky's default is to trust every local login.
   */
  public void requirePasswords() {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("show hba_file");
      rs.next();
      Path hba = Path.of(rs.getString(1));
      java.nio.file.Files.writeString(
          hba,
          String.join(
              "\n",
              "local all all trust",
              "host all postgres 127.0.0.1/32 trust",
              "host all postgres ::1/128 trust",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256",
              ""));
      s.execute("select pg_reload_conf()");
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot switch embedded PostgreSQL to password logins", e);
    }
  }

  /** A superuser connection to {@code database}. */
  public Connection connect(String database) throws SQLException {
    return pg.getDatabase(USER, database).getConnection();
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    }
  }
}
