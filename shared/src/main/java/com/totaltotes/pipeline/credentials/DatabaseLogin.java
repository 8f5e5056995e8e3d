package com.totaltotes.pipeline.credentials;

import java.util.Objects;

/**
 * Where and as whom to log in to a database: what an RDS-format secret holds ({@code
 * {"engine":"postgres","host":…,"port":…,"username":…,"password":…,"dbname":…}}, read by {@link
 * DatabaseCredentials}) or a database URI of the command line says. {@link #toString()} never shows
 * the password.
 */
public record DatabaseLogin(
    String engine, String host, int port, String username, String password, String dbname) {

  public DatabaseLogin {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(dbname, "dbname");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** JDBC URL without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + dbname;
  }

  /** host:port/dbname, safe for messages and logs. */
  public String describe() {
    return host + ":" + port + "/" + dbname;
  }

  @Override
  public String toString() {
    return "DatabaseLogin[" + username + "@" + describe() + ", password=***]";
  }
}
