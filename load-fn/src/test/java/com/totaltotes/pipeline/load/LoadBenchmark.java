package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableWriter;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Not a test: measures {@link LoadJob} on an initial run of N synthetic sales orders (default 1M,
 * plus the dimensions they reference) against a plain {@code COPY fact_sales_order FROM STDIN} of
 * the same rows into an identically migrated warehouse holding the same dimensions. Prints rows/s,
 * the ratio, and the peak heap in use while the job ran (sampled every 10 ms).
 *
 * <p>Arguments: {@code [rows] [rowsPerParquetFile]} (defaults 1,000,000 and 250,000). Run it with
 * the test class path, from the repository root:
 *
 * <pre>
 * ./mvnw -o -q -pl load-fn test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -Xmx128m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
 *     -cp load-fn/target/test-classes:load-fn/target/classes:$(cat load-fn/target/test.cp) \
 *     com.totaltotes.pipeline.load.LoadBenchmark 1000000 250000
 * </pre>
 */
public final class LoadBenchmark {
  private static final int DAYS = 730;
  private static final LocalDate DAY_0 = LocalDate.of(2023, 1, 1);

  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int partRows = args.length > 1 ? Integer.parseInt(args[1]) : 250_000;
    Path work = Files.createTempDirectory("totes-load-bench");
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
        EmbeddedS3Server s3server = EmbeddedS3Server.startOnDisk(work.resolve("s3"));
        S3Client s3 =
            S3Clients.forEndpoint(
                s3server.endpoint(),
                EmbeddedS3Server.REGION,
                EmbeddedS3Server.ACCESS_KEY,
                EmbeddedS3Server.SECRET_KEY)) {
      ObjectStore store = new S3ObjectStore(s3);
      String bucket = "processed-bench";
      s3server.createBucket(bucket);

      long t0 = System.nanoTime();
      writeRun(store, bucket, rows, partRows);
      System.out.printf("wrote %,d fact rows as Parquet in %.1f s%n", rows, seconds(t0));

      // the loader
      ConnectionSource jobDb = source(pg, pg.createDatabase("bench_job"));
      new WarehouseMigrator(jobDb).migrate();
      Path temp = Files.createDirectories(work.resolve("tmp"));
      LoadJob job =
          new LoadJob(
              jobDb, store, new JsonCodec(), Clock.systemUTC(), new LoadConfig(bucket, temp));
      HeapSampler heap = HeapSampler.start();
      long t1 = System.nanoTime();
      List<LoadSummary> summaries = job.run();
      double jobSeconds = seconds(t1);
      long peakHeap = heap.stop();
      TableCounts facts = summaries.get(0).rowsPerTable().get("fact_sales_order");
      if (facts.inserted() != rows) {
        throw new IllegalStateException("job inserted " + facts.inserted() + " of " + rows);
      }

      // the baseline: same schema, same dimensions, then one plain COPY of the same fact rows
      ConnectionSource copyDb = source(pg, pg.createDatabase("bench_copy"));
      new WarehouseMigrator(copyDb).migrate();
      double copySeconds;
      try (Connection c = copyDb.open()) {
        for (WarehouseTable dim : WarehouseTable.values()) {
          if (!dim.isFact()) {
            copy(c, dim, dimensionRows(dim));
          }
        }
        long t2 = System.nanoTime();
        long copied = copy(c, WarehouseTable.FACT_SALES_ORDER, factRows(0, rows));
        copySeconds = seconds(t2);
        if (copied != rows) {
          throw new IllegalStateException("COPY loaded " + copied + " of " + rows);
        }
      }

      System.out.printf(
          "LoadJob   : %,d fact rows (+%,d dimension rows) in %.2f s = %,.0f rows/s%n",
          rows, DAYS + 20 + 20 + 3 + 50 + 30, jobSeconds, rows / jobSeconds);
      System.out.printf(
          "plain COPY: %,d fact rows in %.2f s = %,.0f rows/s%n",
          rows, copySeconds, rows / copySeconds);
      System.out.printf("ratio (LoadJob rows/s / COPY rows/s): %.2f%n", copySeconds / jobSeconds);
      System.out.printf(
          "peak heap in use during LoadJob.run(): %,d MiB (max heap %,d MiB)%n",
          peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("peak RSS of this JVM (VmHWM, incl. S3 server): %s%n", vmHwm());
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void writeRun(ObjectStore store, String bucket, int rows, int partRows) {
    RunId run = new RunId(1, Instant.parse("2026-11-24T11:50:00Z"));
    List<ProcessedManifest.Table> tables = new ArrayList<>();
    for (WarehouseTable table : WarehouseTable.values()) {
      List<FileEntry> files = new ArrayList<>();
      long count = 0;
      if (table == WarehouseTable.FACT_SALES_ORDER) {
        for (int from = 0; from < rows; from += partRows) {
          files.add(
              writeFile(
                  store,
                  bucket,
                  table,
                  run,
                  files.size(),
                  factRows(from, Math.min(rows, from + partRows))));
        }
        count = rows;
      } else if (!table.isFact()) {
        List<Object[]> dims = dimensionRows(table);
        if (!dims.isEmpty()) {
          files.add(writeFile(store, bucket, table, run, 0, dims));
        }
        count = dims.size();
      }
      tables.add(new ProcessedManifest.Table(table.tableName(), count, files));
    }
    new ManifestStore<>(store, new JsonCodec(), bucket, ProcessedManifest.class)
        .write(new ProcessedManifest(run.toString(), Instant.now(), tables, 0, null, null, null));
  }

  private static FileEntry writeFile(
      ObjectStore store,
      String bucket,
      WarehouseTable table,
      RunId run,
      int part,
      Iterable<Object[]> rows) {
    String key = table.tableName() + "/dt=2026-11-24/" + run + "-" + part + ".parquet";
    try (ParquetTableWriter writer = new ParquetTableWriter(store, bucket, key, table)) {
      for (Object[] row : rows) {
        writer.write(ProcessedRunWriter.asMap(table, row));
      }
      return writer.finish();
    }
  }

  /** Sales orders {@code from} (inclusive) to {@code to}, generated on the fly. */
  static Iterable<Object[]> factRows(int from, int to) {
    return () ->
        new java.util.Iterator<>() {
          int i = from;

          @Override
          public boolean hasNext() {
            return i < to;
          }

          @Override
          public Object[] next() {
            int n = i++;
            LocalDate created = DAY_0.plusDays(n % DAYS);
            LocalTime time = LocalTime.ofNanoOfDay((n * 37_003L % 86_400_000L) * 1_000_000L);
            return new Object[] {
              n + 1,
              created,
              time,
              created,
              time,
              n % 20 + 1,
              n % 20 + 1,
              n % 1000 + 1,
              BigDecimal.valueOf(n % 10_000_000 + 1, 2),
              n % 3 + 1,
              n % 50 + 1,
              DAY_0.plusDays((n + 7) % DAYS),
              DAY_0.plusDays((n + 3) % DAYS),
              n % 30 + 1
            };
          }
        };
  }

  static List<Object[]> dimensionRows(WarehouseTable table) {
    RunRows rows = new RunRows();
    switch (table) {
      case DIM_DATE -> {
        for (int d = 0; d < DAYS; d++) {
          rows.dates(DAY_0.plusDays(d));
        }
      }
      case DIM_STAFF ->
          range(
              20, i -> rows.add(table, i, "First" + i, "Last" + i, "Dept", "Leeds", i + "@t.com"));
      case DIM_COUNTERPARTY ->
          range(
              20,
              i ->
                  rows.add(
                      table, i, "Cp " + i, "1 Road", null, null, "City", "PC" + i, "UK", "0123"));
      case DIM_CURRENCY -> range(3, i -> rows.add(table, i, "C" + i, "Currency " + i));
      case DIM_DESIGN -> range(50, i -> rows.add(table, i, "Design " + i, "/d", "d" + i + ".json"));
      case DIM_LOCATION ->
          range(
              30,
              i -> rows.add(table, i, i + " Street", null, "District", "City", "PC", "UK", "0123"));
      default -> {}
    }
    return rows.of(table);
  }

  private static void range(int n, java.util.function.IntConsumer add) {
    for (int i = 1; i <= n; i++) {
      add.accept(i);
    }
  }

  /** A plain COPY FROM STDIN of the rows, through the same text encoding. */
  private static long copy(Connection c, WarehouseTable table, Iterable<Object[]> rows)
      throws Exception {
    try (CopyTextEncoder encoder =
        CopyTextEncoder.open(c, table.tableName(), String.join(", ", table.columnNames()))) {
      for (Object[] row : rows) {
        encoder.row(table.columns(), row);
      }
      return encoder.finish();
    }
  }

  private static ConnectionSource source(EmbeddedPostgresServer pg, String db) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            pg.port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            db));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String vmHwm() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.substring(6).trim())
        .findFirst()
        .orElse("n/a");
  }

  /** Samples heap in use (total - free) every 10 ms on a daemon thread. */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    static HeapSampler start() {
      System.gc();
      HeapSampler s = new HeapSampler();
      s.thread =
          new Thread(
              () -> {
                Runtime rt = Runtime.getRuntime();
                while (s.running) {
                  s.peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      s.thread.setDaemon(true);
      s.thread.start();
      return s;
    }

    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return peak.get();
    }
  }
}
