package com.totaltotes.pipeline.credentials;

import java.util.Objects;

/**
 * An RDS-format database secret: {@code {"engine":"postgres","host":…,"port":…,"username":…,
 * "password":…,"dbname":…}}. {@link #toString()} never shows the password.
 */
public record DatabaseSecret(
    String engine, String host, int port, String username, String password, String dbname) {

  public DatabaseSecret {
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
    return "DatabaseSecret[" + username + "@" + describe() + ", password=***]";
  }
}
