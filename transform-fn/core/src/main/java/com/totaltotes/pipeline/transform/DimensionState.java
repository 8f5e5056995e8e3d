package com.totaltotes.pipeline.transform;

import static com.totaltotes.pipeline.transform.mapping.ColumnValues.requiredInt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.transform.mapping.SourceRow;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The current source rows of the tables that dimensions join (address, department, staff,
 * counterparty), kept between runs as {@code _state/<run>-<attempt>/<table>.jsonl.gz} in the
 * processed bucket, immutable per run. Lets a changed address re-emit every counterparty that uses
 * it without re-extracting whole tables.
 */
final class DimensionState {
  static final List<SourceTable> TABLES =
      List.of(
          SourceTable.ADDRESS, SourceTable.DEPARTMENT, SourceTable.STAFF, SourceTable.COUNTERPARTY);

  private final Map<SourceTable, Map<Integer, SourceRow>> rows = new EnumMap<>(SourceTable.class);

  DimensionState() {
    TABLES.forEach(t -> rows.put(t, new TreeMap<>()));
  }

  /**
   * Current rows of {@code table} by id.
   *
   * @throws IllegalArgumentException when the state does not keep that table
   */
  Map<Integer, SourceRow> table(SourceTable table) {
    Map<Integer, SourceRow> current = rows.get(table);
    if (current == null) {
      throw new IllegalArgumentException("the dimension state does not keep " + table.tableName());
    }
    return current;
  }

  static String prefix(String runId, String attempt) {
    return "_state/" + runId + "-" + attempt + "/";
  }

  /** Reads the state written under {@code prefix} (null: empty state, the first run). */
  static DimensionState read(ObjectStore store, ObjectMapper mapper, String bucket, String prefix) {
    DimensionState state = new DimensionState();
    if (prefix == null) {
      return state;
    }
    for (SourceTable table : TABLES) {
      String key = prefix + table.tableName() + ".jsonl.gz";
      SourceRow.Parser rows = new SourceRow.Parser(table);
      try (JsonParser parser = mapper.createParser(new GZIPInputStream(store.open(bucket, key)))) {
        for (JsonToken token; (token = parser.nextToken()) != null; ) {
          if (token != JsonToken.START_OBJECT) {
            throw new MalformedObjectException(
                "dimension state s3://"
                    + bucket
                    + "/"
                    + key
                    + " holds a line that is not an object",
                null);
          }
          SourceRow row = rows.parse(parser);
          state.rows.get(table).put(((Number) row.get(table.idColumn())).intValue(), row);
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof com.totaltotes.pipeline.PipelineException p) {
          throw p;
        }
        throw new MalformedObjectException(
            "dimension state s3://" + bucket + "/" + key + " is unreadable: " + e.getMessage(), e);
      }
    }
    return state;
  }

  /**
   * Brings this state forward over one ingest run, as transforming it did: the run's rows of the
   * kept tables replace those of their ids, then the ids the run found deleted leave. Used to
   * rebuild a state that is gone or unreadable ({@link DimensionStates}).
   */
  void replay(IngestManifest manifest, IngestReader reader) {
    for (SourceTable table : TABLES) {
      reader.forEachRow(
          manifest, table, row -> rows.get(table).put(requiredInt(row, table.idColumn()), row));
    }
    for (IngestManifest.Table entry : manifest.tables()) {
      SourceTable table = SourceTable.byName(entry.table()).orElse(null);
      if (table == null || !TABLES.contains(table)) {
        continue;
      }
      reader.forEachRow(
          entry.deletions(),
          row -> {
            if ("deleted".equals(row.get("event")) && row.get("id") instanceof Number id) {
              rows.get(table).remove(id.intValue());
            }
          });
    }
  }

  /** Writes this state under {@code prefix}. */
  void write(ObjectStore store, ObjectMapper mapper, String bucket, String prefix) {
    for (SourceTable table : TABLES) {
      try (GzipJsonLinesWriter out =
          new GzipJsonLinesWriter(
              store, mapper, bucket, prefix + table.tableName() + ".jsonl.gz")) {
        rows.get(table).values().forEach(out::write);
        out.finish();
      }
    }
  }
}
