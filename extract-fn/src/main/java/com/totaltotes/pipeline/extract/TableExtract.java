package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the changed rows of one table, through a server-side cursor, into gzipped JSON Lines
 * parts. Values are exact: integers as numbers, numeric as its decimal text, timestamps as
 * {@code 2022-11-03T14:20:52.186}, text (dates, enums) as given, NULL as null.
 */
final class TableExtract {
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final ExtractConfig config;

  TableExtract(ObjectStore store, ObjectMapper mapper, ExtractConfig config) {
    this.store = store;
    this.mapper = mapper;
    this.config = config;
  }

  /**
   * Reads rows of {@code table} with {@code last_updated > since} (all when since is null) and
   * writes them as parts of {@code run}. The watermark is the largest last_updated read, or {@code
   * previousWatermark} when nothing was read.
   */
  IngestManifest.Table extract(
      Connection c, SourceTable table, RunId run, LocalDateTime since, LocalDateTime previousWatermark)
      throws SQLException, IOException {
    // the identifier comes from the SourceTable allow-list, never from input
    String sql = "select * from " + table.tableName() + (since == null ? "" : " where last_updated > ?");
    List<FileEntry> files = new ArrayList<>();
    LocalDateTime watermark = previousWatermark;
    long rows = 0;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(config.fetchSize());
      if (since != null) {
        ps.setObject(1, since);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        String[] names = new String[n + 1];
        int[] types = new int[n + 1];
        int lastUpdated = -1;
        for (int i = 1; i <= n; i++) {
          names[i] = meta.getColumnName(i);
          types[i] = meta.getColumnType(i);
          if (names[i].equals("last_updated")) {
            lastUpdated = i;
          }
        }
        if (lastUpdated < 0) {
          throw new SQLException("table " + table.tableName() + " has no last_updated column");
        }
        PartWriter part = null;
        try {
          while (rs.next()) {
            if (part == null) {
              part = new PartWriter(store, mapper, config.bucket(), key(table, run, files.size() + 1));
            }
            JsonGenerator g = part.startRow();
            for (int i = 1; i <= n; i++) {
              g.writeFieldName(names[i]);
              if (i == lastUpdated) {
                LocalDateTime updated = rs.getObject(i, LocalDateTime.class);
                if (watermark == null || updated.isAfter(watermark)) {
                  watermark = updated;
                }
                g.writeString(timestamp(updated));
              } else {
                writeValue(g, rs, i, types[i]);
              }
            }
            part.endRow();
            rows++;
            if (part.rows() == config.partRows()) {
              files.add(part.finish());
              part.close();
              part = null;
            }
          }
          if (part != null) {
            files.add(part.finish());
          }
        } finally {
          if (part != null) {
            part.close();
          }
        }
      }
    }
    return new IngestManifest.Table(table.tableName(), since, watermark, rows, files);
  }

  /**
   * {@code yyyy-MM-dd'T'HH:mm:ss.SSS}, always three fraction digits. {@link LocalDateTime#toString()}
   * is several times faster than a formatter but drops zero seconds and fractions: pad those back.
   */
  static String timestamp(LocalDateTime t) {
    String s = t.toString();
    return switch (s.length()) {
      case 16 -> s + ":00.000";
      case 19 -> s + ".000";
      case 23 -> s;
      default -> TIMESTAMP.format(t); // beyond millisecond precision: not produced by timestamp(3)
    };
  }

  static String key(SourceTable table, RunId run, int part) {
    String day = run.startedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    return String.format("%s/dt=%s/%s-%05d.jsonl.gz", table.tableName(), day, run, part);
  }

  private static void writeValue(JsonGenerator g, ResultSet rs, int i, int type)
      throws SQLException, IOException {
    switch (type) {
      case Types.INTEGER, Types.SMALLINT, Types.BIGINT, Types.TINYINT -> {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          g.writeNull();
        } else {
          g.writeNumber(v);
        }
      }
      case Types.NUMERIC, Types.DECIMAL -> {
        java.math.BigDecimal v = rs.getBigDecimal(i);
        if (v == null) {
          g.writeNull();
        } else {
          g.writeNumber(v);
        }
      }
      case Types.BOOLEAN, Types.BIT -> {
        boolean v = rs.getBoolean(i);
        if (rs.wasNull()) {
          g.writeNull();
        } else {
          g.writeBoolean(v);
        }
      }
      case Types.TIMESTAMP -> {
        LocalDateTime v = rs.getObject(i, LocalDateTime.class);
        if (v == null) {
          g.writeNull();
        } else {
          g.writeString(timestamp(v));
        }
      }
      default -> {
        String v = rs.getString(i);
        if (v == null) {
          g.writeNull();
        } else {
          g.writeString(v);
        }
      }
    }
  }
}
