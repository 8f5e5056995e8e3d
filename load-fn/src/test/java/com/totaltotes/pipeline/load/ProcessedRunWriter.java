package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableWriter;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes processed runs the way the transform does: Parquet files per warehouse table under {@code
 * <table>/dt=YYYY-MM-DD/<run>-<part>.parquet}, then the manifest last, listing all 11 tables.
 */
final class ProcessedRunWriter {
  private final ObjectStore store;
  private final String bucket;
  private final int partRows;

  ProcessedRunWriter(ObjectStore store, String bucket, int partRows) {
    this.store = store;
    this.bucket = bucket;
    this.partRows = partRows;
  }

  static RunId run(long seq) {
    return new RunId(seq, Instant.parse("2026-11-24T11:50:00Z").plusSeconds(600 * (seq - 1)));
  }

  /** The newest source last_updated a test run reports: a minute before the run started. */
  static java.time.LocalDateTime newestSourceUpdate(RunId run) {
    return java.time.LocalDateTime.ofInstant(run.startedAt().minusSeconds(60), ZoneOffset.UTC);
  }

  /** Writes the files of {@code rows} (values in column order) and the run's manifest. */
  ProcessedManifest write(RunId run, Map<WarehouseTable, List<Object[]>> rows) {
    ProcessedManifest manifest = writeFiles(run, rows);
    writeManifest(manifest);
    return manifest;
  }

  /** Writes only the files; the run is invisible until {@link #writeManifest} is called. */
  ProcessedManifest writeFiles(RunId run, Map<WarehouseTable, List<Object[]>> rows) {
    String day = run.startedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    List<ProcessedManifest.Table> tables = new ArrayList<>();
    for (WarehouseTable table : WarehouseTable.values()) {
      List<Object[]> tableRows = rows.getOrDefault(table, List.of());
      List<FileEntry> files = new ArrayList<>();
      for (int from = 0; from < tableRows.size(); from += partRows) {
        String key = table.tableName() + "/dt=" + day + "/" + run + "-" + files.size() + ".parquet";
        try (ParquetTableWriter writer = new ParquetTableWriter(store, bucket, key, table)) {
          for (Object[] values :
              tableRows.subList(from, Math.min(tableRows.size(), from + partRows))) {
            writer.write(asMap(table, values));
          }
          files.add(writer.finish());
        }
      }
      tables.add(new ProcessedManifest.Table(table.tableName(), tableRows.size(), files));
    }
    return new ProcessedManifest(
        run.toString(),
        run.startedAt().plusSeconds(30),
        tables,
        0,
        "_rejects/" + run + ".jsonl.gz",
        "_state/" + run + "/",
        newestSourceUpdate(run));
  }

  void writeManifest(ProcessedManifest manifest) {
    new ManifestStore<>(store, new JsonCodec(), bucket, ProcessedManifest.class).write(manifest);
  }

  static Map<String, Object> asMap(WarehouseTable table, Object[] values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      row.put(table.columnNames().get(i), values[i]);
    }
    return row;
  }
}
