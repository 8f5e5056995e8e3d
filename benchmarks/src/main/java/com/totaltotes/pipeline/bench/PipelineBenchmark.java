package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.extract.lambda.ExtractSettings;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.transform.TransformJob;
import com.totaltotes.pipeline.transform.TransformSummary;
import com.totaltotes.pipeline.transform.lambda.TransformSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Measures the extract and transform cores on a generated totesys against their anchors: psql
 * {@code \copy (select * from t) to file} of the same tables, and DuckDB {@code COPY (SELECT * FROM
 * read_json_auto(…)) TO … (FORMAT parquet)} of the same JSON Lines files. Not a test.
 *
 * <p>Usage: {@code java -Xmx1g -cp … PipelineBenchmark <orders> <work dir>
 * [extract-only|incremental|load]}. {@code load} also loads the transformed run and compares it
 * with its restore-style floor ({@link LoadStage}); system properties {@code bench.repeat} (initial
 * loads and floors, default 3), {@code bench.perRow=true} (also today's per-row load, once), {@code
 * bench.incremental=50,1000,…} (incremental runs of that many fact rows, both paths, default none).
 */
public final class PipelineBenchmark {
  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path work = Path.of(args.length > 1 ? args[1] : "target/bench").toAbsolutePath();
    Files.createDirectories(work);
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
        EmbeddedS3Server s3server = EmbeddedS3Server.startOnDisk(work.resolve("s3"));
        S3Client s3 =
            S3Clients.forEndpoint(
                s3server.endpoint(),
                EmbeddedS3Server.REGION,
                EmbeddedS3Server.ACCESS_KEY,
                EmbeddedS3Server.SECRET_KEY)) {
      String db = pg.createDatabase("totesys");
      String suffix = Long.toString(System.currentTimeMillis());
      String ingest = "ingest-" + suffix;
      String processed = "processed-" + suffix;
      s3server.createBucket(ingest);
      s3server.createBucket(processed);
      try (Connection c = pg.connect(db)) {
        long t0 = System.nanoTime();
        var seeded = new TotesysGenerator().seed(c, orders, 42);
        System.out.printf(
            "seed      %,d orders, %,d rows in %.1f s%n", orders, seeded.totalRows(), secs(t0));
      }
      ObjectStore store = new S3ObjectStore(s3);
      ConnectionSource source =
          ConnectionSource.fixed(
              new DatabaseLogin(
                  "postgres",
                  "localhost",
                  pg.port(),
                  EmbeddedPostgresServer.USER,
                  EmbeddedPostgresServer.PASSWORD,
                  db));

      ExtractSummary extract;
      long t0 = System.nanoTime();
      try (PeakMemory mem = new PeakMemory()) {
        extract =
            new ExtractJob(
                    source,
                    store,
                    new JsonCodec(),
                    Clock.systemUTC(),
                    ExtractSettings.Extract.defaults().toConfig(ingest))
                .run();
        double s = secs(t0);
        System.out.printf(
            "extract   %,d rows in %.1f s = %,.0f rows/s, peak heap %d MB%n",
            extract.rows(), s, extract.rows() / s, mem.peakHeapMb());
        double copy = psqlCopy(pg.port(), db, work);
        System.out.printf(
            "psql copy %,d rows in %.1f s = %,.0f rows/s -> extract/copy ratio %.2f%n",
            extract.rows(), copy, extract.rows() / copy, copy / s);
      }

      if (args.length > 2 && args[2].equals("incremental")) {
        // a second run with nothing changed: the lookback's rows and every table's key set
        // (read in the snapshot, compared with the first run's, stored): the cost of detecting
        // deletes
        for (int i = 0; i < 3; i++) {
          t0 = System.nanoTime();
          ExtractSummary again =
              new ExtractJob(
                      source,
                      store,
                      new JsonCodec(),
                      Clock.systemUTC(),
                      ExtractSettings.Extract.defaults().toConfig(ingest))
                  .run();
          System.out.printf(
              "incremental extract %d: %,d rows re-read, %,d deleted, in %.2f s%n",
              i + 1, again.rows(), again.deletedRows(), secs(t0));
        }
        return;
      }
      if (args.length > 2 && args[2].equals("extract-only")) {
        return;
      }
      t0 = System.nanoTime();
      try (PeakMemory mem = new PeakMemory()) {
        List<TransformSummary> done =
            new TransformJob(
                    store,
                    new JsonCodec(),
                    Clock.systemUTC(),
                    TransformSettings.Transform.defaults().toConfig(ingest, processed))
                .run();
        double s = secs(t0);
        System.out.printf(
            "transform %,d input rows -> %,d warehouse rows (%d rejected) in %.1f s = %,.0f rows/s,"
                + " peak heap %d MB%n",
            extract.rows(),
            done.get(0).rows(),
            done.get(0).rejected(),
            s,
            extract.rows() / s,
            mem.peakHeapMb());
        double duck = duckDb(work.resolve("s3").resolve(ingest), work.resolve("duck"));
        System.out.printf(
            "duckdb    %,d rows in %.1f s = %,.0f rows/s -> transform/duckdb ratio %.2f%n",
            extract.rows(), duck, extract.rows() / duck, duck / s);
      }
      if (args.length > 2 && args[2].equals("load")) {
        String sizes = System.getProperty("bench.incremental", "");
        new LoadStage(pg, s3server, store, processed, work)
            .run(
                Integer.getInteger("bench.repeat", 3),
                Boolean.getBoolean("bench.perRow"),
                sizes.isBlank()
                    ? new int[0]
                    : java.util.Arrays.stream(sizes.split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray());
      }
      System.out.printf(
          "peak RSS of the benchmark JVM (all stages, incl. embedded S3): %d MB%n",
          PeakMemory.peakRssMb());
    }
  }

  private static double psqlCopy(int port, String db, Path work) throws Exception {
    long t0 = System.nanoTime();
    for (SourceTable t : SourceTable.values()) {
      Path out = work.resolve("copy-" + t.tableName() + ".csv");
      Process p =
          new ProcessBuilder(
                  "psql",
                  "-q",
                  "-h",
                  "localhost",
                  "-p",
                  Integer.toString(port),
                  "-U",
                  EmbeddedPostgresServer.USER,
                  "-d",
                  db,
                  "-c",
                  "\\copy (select * from " + t.tableName() + ") to '" + out + "'")
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("psql failed for " + t.tableName());
      }
    }
    return secs(t0);
  }

  private static double duckDb(Path ingestDir, Path outDir) throws Exception {
    Files.createDirectories(outDir);
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (SourceTable t : SourceTable.values()) {
        Path dir = ingestDir.resolve(t.tableName());
        if (!Files.isDirectory(dir)) {
          continue;
        }
        s.execute(
            "COPY (SELECT * FROM read_json_auto('"
                + dir
                + "/*/*.jsonl.gz', format='newline_delimited')) TO '"
                + outDir.resolve(t.tableName() + ".parquet")
                + "' (FORMAT parquet)");
      }
    }
    return secs(t0);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
