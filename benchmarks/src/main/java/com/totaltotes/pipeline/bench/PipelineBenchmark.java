package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.extract.ExtractConfig;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.extract.lambda.ExtractSettings;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Measures one stage of the pipeline on a generated totesys against its stock-tool anchor (issue
 * 14), {@code bench.repeat} times (default 3), and prints the medians; ours runs in a JVM of its
 * own each time ({@link StageJvm}), so that the peak RSS printed is the stage's own. Not a test.
 *
 * <p>Usage: {@code java -Xmx1g -cp … PipelineBenchmark <orders> <work dir>
 * extract|transform|load|incremental}. The seed (and, for transform and load, the extract and
 * transform before it) are untimed.
 *
 * <ul>
 *   <li>{@code extract}: {@link ExtractAnchor} (psql {@code COPY (SELECT row_to_json(t) …) TO
 *       STDOUT | gzip}, as many tables at a time as our extract's readers) vs {@code ExtractJob}
 *       (uncapped, one run, into a fresh ingest bucket each time); rows per table compared.
 *   <li>{@code transform}: {@link TransformAnchor} (DuckDB) vs {@code TransformJob} (into a fresh
 *       processed bucket each time) on the same ingest run; rows per table compared, and in the
 *       first repetition every row, value for value ({@link TransformAnchor#differences}).
 *   <li>{@code load}: {@link LoadStage}, the restore-style floor vs {@code LoadJob}; system
 *       properties {@code bench.perRow=true} (also today's per-row load, once), {@code
 *       bench.incremental=50,1000,…} (incremental runs of that many fact rows, both paths).
 *   <li>{@code incremental}: after one extract, three more with nothing changed (the lookback and
 *       the key sets: the cost of detecting deletes), in this JVM.
 * </ul>
 *
 * <p>{@code -Dbench.appcds=true}: for each stage, one untimed run first records an AppCDS archive
 * of the classes our stage loads, which the timed runs map (as {@code ./totes} does with its own
 * archive); the JVM's start-up and class loading is then what the CLI pays.
 *
 * <p>The last two lines are {@code stage anchor_s ours_s ratio peak_rss_mb} and the stage's values
 * (ratio = anchor ÷ ours; above 1, ours is faster).
 */
public final class PipelineBenchmark {
  private final EmbeddedPostgresServer pg;
  private final EmbeddedS3Server s3server;
  private final ObjectStore store;
  private final String db;
  private final Path work;
  private final String suffix = Long.toString(System.currentTimeMillis());
  private final int repeat = Integer.getInteger("bench.repeat", 3);

  /**
   * {@code -Dbench.appcds=true}: our stages' JVMs map an AppCDS archive, as {@code ./totes} does.
   */
  private final boolean appCds = Boolean.getBoolean("bench.appcds");

  private PipelineBenchmark(
      EmbeddedPostgresServer pg,
      EmbeddedS3Server s3server,
      ObjectStore store,
      String db,
      Path work) {
    this.pg = pg;
    this.s3server = s3server;
    this.store = store;
    this.db = db;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    List<String> stages = List.of("extract", "transform", "load", "incremental");
    if (args.length != 3 || !stages.contains(args[2])) {
      System.err.println(
          "usage: PipelineBenchmark <orders> <work dir> extract|transform|load|incremental");
      System.exit(2);
    }
    int orders = Integer.parseInt(args[0]);
    Path work = Path.of(args[1]).toAbsolutePath();
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
      try (Connection c = pg.connect(db)) {
        long t0 = System.nanoTime();
        var seeded = new TotesysGenerator().seed(c, orders, 42);
        System.out.printf(
            "seed      %,d orders, %,d rows in %.1f s (untimed)%n",
            orders, seeded.totalRows(), secs(t0));
      }
      PipelineBenchmark bench =
          new PipelineBenchmark(pg, s3server, new S3ObjectStore(s3), db, work);
      StageResult result =
          switch (args[2]) {
            case "extract" -> bench.extract();
            case "transform" -> bench.transform();
            case "load" -> bench.load();
            default -> bench.incremental();
          };
      if (result != null) {
        System.out.println(StageResult.HEADER);
        System.out.println(result.line());
      }
    }
  }

  private StageResult extract() throws Exception {
    int parallel = ExtractSettings.Extract.defaults().workers();
    List<String> tables = largestFirst();
    // -Dbench.anchor=plain: the plain COPY floor instead of psql's JSON and gzip
    ExtractAnchor anchor =
        new ExtractAnchor(
            pg.port(),
            db,
            work.resolve("psql"),
            "plain".equals(System.getProperty("bench.anchor")));
    List<Double> anchors = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    long peakRss = 0;
    if (appCds) {
      String bucket = "ingest-cds-" + suffix;
      s3server.createBucket(bucket);
      recordArchive(
          "extract",
          "extract",
          Integer.toString(pg.port()),
          db,
          s3server.endpoint().toString(),
          bucket);
    }
    for (int i = 1; i <= repeat; i++) {
      double a = anchor.run(tables, parallel);
      Map<String, Long> anchorRows = anchor.rowsPerTable(tables);
      String bucket = "ingest-" + i + "-" + suffix;
      s3server.createBucket(bucket);
      StageJvm.Result r =
          StageJvm.launch(
              "extract", Integer.toString(pg.port()), db, s3server.endpoint().toString(), bucket);
      sameRows("extract", anchorRows, r.rows());
      anchors.add(a);
      ours.add(r.seconds());
      peakRss = Math.max(peakRss, r.rssMb());
      System.out.printf(
          "extract %d: anchor (%s, %d tables at a time) %.2f s, ours %.2f s -> ratio"
              + " %.2f; %,d rows; peak RSS of our extract's JVM %d MB (heap %d MB)%n",
          i,
          anchor.label(),
          parallel,
          a,
          r.seconds(),
          a / r.seconds(),
          r.totalRows(),
          r.rssMb(),
          r.heapMb());
    }
    return new StageResult(
        "extract", StageResult.median(anchors), StageResult.median(ours), peakRss);
  }

  /**
   * Runs the stage once, untimed, in a child that writes the AppCDS archive of the classes it
   * loaded at exit (as {@code ./totes} records its archive once per build); the timed children then
   * map it.
   */
  private void recordArchive(String stage, String... args) throws Exception {
    Path file = work.resolve(stage + ".jsa");
    Files.deleteIfExists(file);
    StageJvm.archive(file, true);
    StageJvm.launch(args);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the " + stage + " child wrote no AppCDS archive " + file);
    }
    StageJvm.archive(file, false);
    System.out.printf("%s: AppCDS archive %s recorded (untimed run)%n", stage, file);
  }

  private StageResult transform() throws Exception {
    String ingest = extractOnce();
    Path ingestDir = work.resolve("s3").resolve(ingest);
    List<Double> anchors = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    long peakRss = 0;
    if (appCds) {
      String processed = "processed-cds-" + suffix;
      s3server.createBucket(processed);
      recordArchive("transform", "transform", s3server.endpoint().toString(), ingest, processed);
    }
    for (int i = 1; i <= repeat; i++) {
      String processed = "processed-" + i + "-" + suffix;
      s3server.createBucket(processed);
      StageJvm.Result r =
          StageJvm.launch("transform", s3server.endpoint().toString(), ingest, processed);
      List<String> duck =
          new ArrayList<>(
              List.of("duckdb", ingestDir.toString(), work.resolve("duckdb").toString()));
      if (i == 1) { // and compare, untimed, the anchor's rows with ours, value for value
        duck.add(work.resolve("s3").resolve(processed).toString());
      }
      StageJvm.Result a = StageJvm.launch(duck.toArray(String[]::new));
      if (i == 1) {
        Map<String, Long> diff = new TreeMap<>();
        a.values()
            .forEach(
                (k, v) -> {
                  if (k.startsWith("diff.")) {
                    diff.put(k.substring("diff.".length()), Long.parseLong(v));
                  }
                });
        System.out.println("transform rows that differ, anchor vs ours, per table: " + diff);
        if (diff.size() != 11 || diff.values().stream().anyMatch(n -> n != 0)) {
          throw new IllegalStateException("the anchor's rows differ from ours: " + diff);
        }
      }
      if (!r.values().get("rejected").equals("0")) {
        throw new IllegalStateException(
            "our transform rejected " + r.values().get("rejected") + " rows");
      }
      sameRows("transform", a.rows(), r.rows());
      anchors.add(a.seconds());
      ours.add(r.seconds());
      peakRss = Math.max(peakRss, r.rssMb());
      System.out.printf(
          "transform %d: anchor (DuckDB) %.2f s, ours %.2f s -> ratio %.2f; %,d warehouse rows;"
              + " peak RSS of our transform's JVM %d MB (heap %d MB), of DuckDB's %d MB%n",
          i,
          a.seconds(),
          r.seconds(),
          a.seconds() / r.seconds(),
          r.totalRows(),
          r.rssMb(),
          r.heapMb(),
          a.rssMb());
    }
    return new StageResult(
        "transform", StageResult.median(anchors), StageResult.median(ours), peakRss);
  }

  private StageResult load() throws Exception {
    String ingest = extractOnce();
    String processed = "processed-" + suffix;
    s3server.createBucket(processed);
    long t0 = System.nanoTime();
    List<TransformSummary> done =
        new TransformJob(
                store,
                new JsonCodec(),
                Clock.systemUTC(),
                TransformSettings.Transform.defaults().toConfig(ingest, processed))
            .run();
    System.out.printf(
        "transform %,d warehouse rows (%d rejected) in %.1f s (untimed)%n",
        done.get(0).rows(), done.get(0).rejected(), secs(t0));
    if (appCds) {
      Path temp = Files.createDirectories(work.resolve("load-tmp"));
      recordArchive(
          "load",
          "load",
          Integer.toString(pg.port()),
          pg.createDatabase("wh_cds_" + suffix),
          s3server.endpoint().toString(),
          processed,
          temp.toString(),
          Long.toString(LoadConfig.DEFAULT_BULK_THRESHOLD_ROWS));
    }
    String sizes = System.getProperty("bench.incremental", "");
    return new LoadStage(pg, s3server, store, processed, work)
        .run(
            repeat,
            Boolean.getBoolean("bench.perRow"),
            sizes.isBlank()
                ? new int[0]
                : java.util.Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray());
  }

  /**
   * After one extract, three more with nothing changed: the lookback's rows and every table's key
   * set (read in the snapshot, compared with the first run's, stored): the cost of detecting
   * deletes. No anchor.
   */
  private StageResult incremental() {
    String ingest = extractOnce();
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      ExtractSummary again = extractJob(ingest).run();
      System.out.printf(
          "incremental extract %d: %,d rows re-read, %,d deleted, in %.2f s%n",
          i + 1, again.rows(), again.deletedRows(), secs(t0));
    }
    return null;
  }

  /** One uncapped extract into a new ingest bucket, in this JVM, untimed; the bucket. */
  private String extractOnce() {
    String bucket = "ingest-" + suffix;
    s3server.createBucket(bucket);
    long t0 = System.nanoTime();
    ExtractSummary done = extractJob(bucket).run();
    System.out.printf("extract   %,d rows in %.1f s (untimed)%n", done.rows(), secs(t0));
    return bucket;
  }

  private ExtractJob extractJob(String bucket) {
    ConnectionSource source = StageJvm.database(pg.port(), db);
    return new ExtractJob(
        source,
        store,
        new JsonCodec(),
        Clock.systemUTC(),
        ExtractSettings.Extract.defaults()
            .toConfig(bucket)
            .withMaxRowsPerRun(ExtractConfig.UNBOUNDED));
  }

  /** The 11 source tables, largest on disk first (so that parallel dumps end together). */
  private List<String> largestFirst() throws Exception {
    Map<Long, List<String>> bySize = new TreeMap<>(java.util.Comparator.reverseOrder());
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement()) {
      for (SourceTable t : SourceTable.values()) {
        try (ResultSet rs =
            s.executeQuery("select pg_total_relation_size('" + t.tableName() + "')")) {
          rs.next();
          bySize.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(t.tableName());
        }
      }
    }
    return bySize.values().stream().flatMap(List::stream).toList();
  }

  /** Fails loudly unless the anchor and ours produced the same rows per table. */
  private static void sameRows(String stage, Map<String, Long> anchor, Map<String, Long> ours) {
    Map<String, Long> a = new TreeMap<>(anchor);
    Map<String, Long> o = new TreeMap<>(ours);
    System.out.printf(
        "%s rows per table: anchor %s%n%s rows per table: ours   %s%n", stage, a, stage, o);
    if (!a.equals(o)) {
      throw new IllegalStateException(
          stage + ": the anchor's rows per table differ from ours: " + a + " vs " + o);
    }
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
