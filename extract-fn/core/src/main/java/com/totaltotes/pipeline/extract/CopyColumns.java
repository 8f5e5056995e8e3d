package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.totaltotes.pipeline.source.SourceTable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A table's columns as the COPY reader writes them: each column's JSON name and kind, and how one
 * COPY text field becomes a JSON value.
 */
final class CopyColumns {
  private CopyColumns() {}

  enum Kind {
    NUMBER,
    BOOLEAN,
    TIMESTAMP,
    TEXT
  }

  record Column(SerializedString name, Kind kind) {}

  static Column[] of(Connection c, SourceTable table) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select * from " + table.tableName() + " limit 0");
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      Column[] columns = new Column[meta.getColumnCount()];
      for (int i = 0; i < columns.length; i++) {
        Kind kind =
            switch (meta.getColumnType(i + 1)) {
              case Types.INTEGER,
                  Types.SMALLINT,
                  Types.BIGINT,
                  Types.TINYINT,
                  Types.NUMERIC,
                  Types.DECIMAL ->
                  Kind.NUMBER;
              case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
              case Types.TIMESTAMP -> Kind.TIMESTAMP;
              default -> Kind.TEXT;
            };
        columns[i] = new Column(new SerializedString(meta.getColumnName(i + 1)), kind);
      }
      return columns;
    }
  }

  /** Writes one field. */
  static void write(JsonGenerator g, CopyTextParser row, int i, Kind kind) throws IOException {
    if (row.isNull(i)) {
      g.writeNull();
      return;
    }
    switch (kind) {
      case NUMBER -> {
        int n = row.asciiChars(i);
        char[] number = row.chars();
        if (Character.isLetter(number[n - 1])) {
          // numeric 'NaN' or 'Infinity': no JSON number; the transform rejects it
          g.writeString(number, 0, n);
        } else {
          g.writeNumber(number, 0, n); // exact decimal text, never through double
        }
      }
      case BOOLEAN -> {
        g.writeBoolean(row.bytes()[row.start(i)] == 't');
      }
      case TIMESTAMP -> {
        int n = row.isoTimestamp(i);
        if (n < 0) {
          g.writeString(row.ascii(i)); // 'infinity', a BC date: the transform rejects the row
        } else {
          g.writeUTF8String(row.iso(), 0, n);
        }
      }
      default -> {
        if (row.hasEscape(i)) {
          int n = row.unescape(i);
          g.writeUTF8String(row.scratch(), 0, n);
        } else {
          g.writeUTF8String(row.bytes(), row.start(i), row.length(i));
        }
      }
    }
  }
}
