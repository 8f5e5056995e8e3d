package com.totaltotes.pipeline;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one way the pipeline describes a database error in a log line or an exception message,
 * without quoting row data: the server's primary message, its constraint and position (e.g. {@code
 * COPY stage_dim_staff, line 3, column first_name}), the detail only when it names key values
 * ({@code Key (staff_id)=(7) is not present in table "dim_staff"}; PostgreSQL's other details can
 * hold a whole failing row), and the SQLState.
 */
public final class SqlErrors {
  private SqlErrors() {}

  /** {@code <message>[; <key detail>][; at <where>] (SQLState <state>)}. */
  public static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "none" : e.getSQLState();
    if (!(e instanceof PSQLException psql) || psql.getServerErrorMessage() == null) {
      return e.getMessage() + " (SQLState " + state + ")";
    }
    ServerErrorMessage server = psql.getServerErrorMessage();
    StringBuilder text = new StringBuilder(String.valueOf(server.getMessage()));
    if (server.getDetail() != null && server.getDetail().startsWith("Key (")) {
      text.append("; ").append(server.getDetail());
    }
    if (server.getWhere() != null) {
      String where = server.getWhere();
      int value = where.indexOf(": \""); // COPY context quotes the offending value: drop it
      text.append("; at ").append(value < 0 ? where : where.substring(0, value));
    }
    return text.append(" (SQLState ").append(state).append(')').toString();
  }
}
