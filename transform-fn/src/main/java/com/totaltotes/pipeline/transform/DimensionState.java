package com.totaltotes.pipeline.transform;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.storage.GzipJsonLinesWriter;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The current source rows of the tables that dimensions join (address, department, staff,
 * counterparty), kept between runs as {@code _state/<run>/<table>.jsonl.gz} in the processed
 * bucket, immutable per run. Lets a changed address re-emit every counterparty that uses it without
 * re-extracting whole tables.
 */
final class DimensionState {
  static final List<String> TABLES = List.of("address", "department", "staff", "counterparty");
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final Map<String, Map<Integer, Map<String, Object>>> rows = new TreeMap<>();

  DimensionState() {
    TABLES.forEach(t -> rows.put(t, new TreeMap<>()));
  }

  /** Current rows of {@code table} by id. */
  Map<Integer, Map<String, Object>> table(String table) {
    return rows.get(table);
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
    for (String table : TABLES) {
      String key = prefix + table + ".jsonl.gz";
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(store.open(bucket, key)), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          Map<String, Object> row = mapper.readValue(line, ROW);
          state.rows.get(table).put(((Number) row.get(table + "_id")).intValue(), row);
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

  /** Writes this state under {@code prefix}. */
  void write(ObjectStore store, ObjectMapper mapper, String bucket, String prefix) {
    for (String table : TABLES) {
      try (GzipJsonLinesWriter out =
          new GzipJsonLinesWriter(store, mapper, bucket, prefix + table + ".jsonl.gz")) {
        rows.get(table).values().forEach(out::write);
        out.finish();
      }
    }
  }
}
