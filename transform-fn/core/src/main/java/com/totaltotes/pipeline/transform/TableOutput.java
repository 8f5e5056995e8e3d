package com.totaltotes.pipeline.transform;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableWriter;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Stage;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Parquet parts of one warehouse table in one run: {@code
 * <table>/dt=YYYY-MM-DD/<run>-<attempt>-<part>.parquet}, a new part every {@code partRows} rows. No
 * rows, no file. Several outputs may write slices of one table at once; they share its part
 * numbers.
 */
final class TableOutput implements AutoCloseable {
  private final ObjectStore store;
  private final String bucket;
  private final RunId run;
  private final WarehouseTable table;
  private final int partRows;
  private final String attempt;
  private final RowProgress progress;

  /** The table's last part number in this run, shared by the outputs writing its slices. */
  private final AtomicInteger parts;

  private long reported;
  private final List<FileEntry> files = new ArrayList<>();
  private ParquetTableWriter current;
  private long rows;

  /** Rows between two progress reports. */
  private static final long REPORT_EVERY = 100_000;

  TableOutput(
      ObjectStore store,
      String bucket,
      RunId run,
      String attempt,
      WarehouseTable table,
      int partRows,
      RowProgress progress,
      AtomicInteger parts) {
    this.parts = parts;
    this.attempt = attempt;
    this.progress = progress;
    this.store = store;
    this.bucket = bucket;
    this.run = run;
    this.table = table;
    this.partRows = partRows;
  }

  void write(WarehouseRow row) {
    if (current == null) {
      current = new ParquetTableWriter(store, bucket, key(parts.incrementAndGet()), table);
    }
    current.write(row);
    rows++;
    if (rows - reported == REPORT_EVERY) {
      progress.advanced(Stage.TRANSFORM, table.tableName(), REPORT_EVERY);
      reported = rows;
    }
    if (current.rows() == partRows) {
      files.add(current.finish());
      current = null;
    }
  }

  /** Stores the last part and returns the table's manifest entry. */
  ProcessedManifest.Table finish() {
    if (current != null) {
      files.add(current.finish());
      current = null;
    }
    if (rows > reported) {
      progress.advanced(Stage.TRANSFORM, table.tableName(), rows - reported);
      reported = rows;
    }
    return new ProcessedManifest.Table(table.tableName(), rows, files);
  }

  private String key(int part) {
    String day = run.startedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    // the attempt makes the key unique per invocation: concurrent invocations never share an object
    return String.format("%s/dt=%s/%s-%s-%05d.parquet", table.tableName(), day, run, attempt, part);
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
    }
  }
}
