package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Connections that all read one consistent snapshot: the first opens a REPEATABLE READ, READ ONLY
 * transaction and exports its snapshot ({@code pg_export_snapshot()}); the others import it with
 * {@code SET TRANSACTION SNAPSHOT}, as {@code pg_dump -j} does. Every table read through any of
 * them sees the same committed state.
 */
final class SnapshotReaders implements AutoCloseable {
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]+-[0-9A-Fa-f]+(-[0-9]+)?");

  private final List<Connection> connections = new ArrayList<>();

  SnapshotReaders(ConnectionSource source, int count) throws SQLException {
    try {
      Connection first = begin(source.open());
      connections.add(first);
      if (count > 1) {
        String snapshot;
        try (Statement s = first.createStatement();
            ResultSet rs = s.executeQuery("select pg_export_snapshot()")) {
          rs.next();
          snapshot = rs.getString(1);
        }
        if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
          throw new SQLException("unexpected snapshot id from pg_export_snapshot()");
        }
        for (int i = 1; i < count; i++) {
          Connection c = begin(source.open());
          connections.add(c);
          try (Statement s = c.createStatement()) {
            // a literal is required here; the id was checked against the snapshot id format above
            s.execute("set transaction snapshot '" + snapshot + "'");
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static Connection begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    return c;
  }

  Connection get(int i) {
    return connections.get(i);
  }

  int size() {
    return connections.size();
  }

  /** Ends every read transaction. */
  void commit() throws SQLException {
    for (Connection c : connections) {
      c.commit();
    }
  }

  @Override
  public void close() {
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing after a failure: the original error is what matters
      }
    }
  }
}
