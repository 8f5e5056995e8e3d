package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * One extract run: reads every totesys row changed since the previous run's watermarks (minus the
 * lookback) in one REPEATABLE READ, READ ONLY snapshot (shared by {@code workers} connections),
 * writes gzipped JSON Lines parts to the
 * ingest bucket, and writes the run's manifest last. Never overwrites or deletes an object.
 */
public final class ExtractJob {
  private static final Logger LOG = Logger.getLogger(ExtractJob.class);
  /** The order tables are handed to the readers: the big ones first, so the work evens out. */
  private static final List<SourceTable> LARGEST_FIRST = List.of(
      SourceTable.PAYMENT, SourceTable.TRANSACTION, SourceTable.SALES_ORDER, SourceTable.PURCHASE_ORDER,
      SourceTable.DESIGN, SourceTable.ADDRESS, SourceTable.COUNTERPARTY, SourceTable.STAFF,
      SourceTable.DEPARTMENT, SourceTable.CURRENCY, SourceTable.PAYMENT_TYPE);

  private final ConnectionSource source;
  private final ObjectStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final ExtractConfig config;
  private final RowProgress progress;

  public ExtractJob(ConnectionSource source, ObjectStore store, JsonCodec json, Clock clock, ExtractConfig config) {
    this(source, store, json, clock, config, RowProgress.NONE);
  }

  /** A job that reports rows written as it goes (the local runner's progress display). */
  public ExtractJob(ConnectionSource source, ObjectStore store, JsonCodec json, Clock clock,
      ExtractConfig config, RowProgress progress) {
    this.source = source;
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.progress = progress;
  }

  /**
   * Runs one extract.
   *
   * @throws PipelineException (or a subclass) on any failure; no manifest is written then, so the
   *     next run reads the same window again
   */
  public ExtractSummary run() {
    Instant started = clock.instant();
    ManifestStore<IngestManifest> manifests =
        new ManifestStore<>(store, json, config.bucket(), IngestManifest.class);
    IngestManifest previous = manifests.latest();
    RunId run = RunId.next(previous == null ? null : previous.run(), started);
    LOG.infof("extract run %s starting (previous run %s)", run, previous == null ? "none" : previous.runId());

    List<IngestManifest.Table> tables;
    try (SnapshotReaders readers = new SnapshotReaders(source, config.workers())) {
      requireAllTables(readers.get(0));
      tables = extractAll(readers, run, previous);
      readers.commit();
    } catch (SQLException e) {
      throw new PipelineException(
          "extract run " + run + " failed on " + source.describe() + " (SQLState " + e.getSQLState() + ")",
          false,
          e);
    }
    Instant finished = clock.instant();
    manifests.write(new IngestManifest(run.toString(), started, finished, config.lookback().toSeconds(), tables));

    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, LocalDateTime> watermarks = new LinkedHashMap<>();
    for (IngestManifest.Table t : tables) {
      rows.put(t.table(), t.rows());
      watermarks.put(t.table(), t.watermark());
    }
    ExtractSummary summary = new ExtractSummary(
        run.toString(), rows.values().stream().mapToLong(Long::longValue).sum(), rows, watermarks,
        finished.toEpochMilli() - started.toEpochMilli());
    LOG.infof("extract summary %s", new String(json.write(summary), java.nio.charset.StandardCharsets.UTF_8));
    return summary;
  }

  /** Reads every table, the largest first, spread over the snapshot's connections. */
  private List<IngestManifest.Table> extractAll(SnapshotReaders readers, RunId run, IngestManifest previous) {
    TableExtract extract = new TableExtract(store, json.mapper(), config, progress);
    Queue<SourceTable> queue = new ConcurrentLinkedQueue<>(LARGEST_FIRST);
    Map<SourceTable, IngestManifest.Table> done = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(readers.size());
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < readers.size(); i++) {
        Connection c = readers.get(i);
        workers.add(pool.submit(() -> {
          for (SourceTable table; (table = queue.poll()) != null; ) {
            done.put(table, extractTable(extract, c, table, run, previous));
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (ExecutionException e) {
          queue.clear(); // stop the other workers at their next table
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new PipelineException("extract run " + run + " failed: " + e.getCause(), false, e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PipelineException("extract run " + run + " was interrupted", false, e);
        }
      }
    } finally {
      stop(pool);
    }
    List<IngestManifest.Table> tables = new ArrayList<>();
    for (SourceTable t : SourceTable.values()) {
      tables.add(done.get(t));
    }
    return tables;
  }

  /** Stops the readers and waits for them, so no connection is closed under a running COPY. */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("extract readers did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IngestManifest.Table extractTable(
      TableExtract extract, Connection c, SourceTable table, RunId run, IngestManifest previous) {
    LocalDateTime previousWatermark = watermarkOf(previous, table);
    LocalDateTime since = previousWatermark == null ? null : previousWatermark.minus(config.lookback());
    IngestManifest.Table entry;
    try {
      entry = extract.extract(c, table, run, since, previousWatermark);
    } catch (SQLException e) {
      throw new PipelineException(
          "extract run " + run + " failed reading table " + table.tableName() + " from "
              + source.describe() + " (SQLState " + e.getSQLState() + "): " + e.getMessage(),
          false,
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("extract run " + run + " failed writing table " + table.tableName(), e);
    }
    LOG.infof("extract run %s table %s: %d rows in %d files, since %s, watermark %s",
        run, table.tableName(), entry.rows(), entry.files().size(), since, entry.watermark());
    return entry;
  }

  private static LocalDateTime watermarkOf(IngestManifest previous, SourceTable table) {
    if (previous == null) {
      return null;
    }
    IngestManifest.Table entry = previous.table(table.tableName());
    return entry == null ? null : entry.watermark();
  }

  private void requireAllTables(Connection c) throws SQLException {
    TreeSet<String> missing = new TreeSet<>();
    for (SourceTable t : SourceTable.values()) {
      missing.add(t.tableName());
    }
    try (PreparedStatement ps = c.prepareStatement(
            "select table_name from information_schema.tables where table_schema = current_schema()");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        missing.remove(rs.getString(1));
      }
    }
    if (!missing.isEmpty()) {
      throw new PipelineException(
          "source database " + source.describe() + " lacks table(s) " + String.join(", ", missing), true);
    }
  }
}
