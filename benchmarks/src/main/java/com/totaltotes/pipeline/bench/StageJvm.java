package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.extract.ExtractConfig;
import com.totaltotes.pipeline.extract.ExtractJob;
import com.totaltotes.pipeline.extract.ExtractSummary;
import com.totaltotes.pipeline.extract.lambda.ExtractSettings;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.load.WarehouseMigrator;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.transform.TransformJob;
import com.totaltotes.pipeline.transform.TransformSummary;
import com.totaltotes.pipeline.transform.lambda.TransformSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One timed stage in a JVM of its own, so that its peak RSS is its own: the child reads its VmHWM
 * (the kernel's high-water mark of its resident set, the whole child's lifetime: JVM start, class
 * loading and the stage, nothing else) right after the stage. The embedded PostgreSQL and S3
 * servers stay in the parent (the S3 server's memory and CPU are therefore not in the child's RSS,
 * though its CPU still competes on the same cores). The child runs with the parent's JVM options
 * ({@code -Xmx…}, {@code -D…}) and prints its results as {@code BENCH <key> <value>} lines.
 *
 * <p>Stages: {@code extract <pg port> <db> <s3 endpoint> <ingest bucket>} (uncapped, one run);
 * {@code transform <s3 endpoint> <ingest bucket> <processed bucket>}; {@code load <pg port> <db>
 * <s3 endpoint> <processed bucket> <temp dir> <bulk threshold>} (Flyway's migration untimed);
 * {@code duckdb <ingest dir> <out dir> [<processed dir to compare with>]} ({@link TransformAnchor};
 * the comparison after the timed part).
 */
final class StageJvm {
  private static final String PREFIX = "BENCH ";

  /** {@code bench.jvm=same}: every stage in this JVM instead (see {@link #launch}). */
  private static final boolean SAME_JVM = "same".equals(System.getProperty("bench.jvm", "child"));

  /**
   * The AppCDS archive our stages' children map, as {@code ./totes} maps its own: null for none
   * (the default). While {@link #recording}, the child writes it at exit instead.
   */
  private static Path archive;

  private static boolean recording;

  /**
   * {@code bench.child.opts}: more JVM options for our stages' children only (space-separated),
   * e.g. {@code -XX:StartFlightRecording=filename=/tmp/t.jfr} to profile a cold stage without the
   * parent's recording overwriting the child's.
   */
  private static final String CHILD_OPTS = System.getProperty("bench.child.opts", "").strip();

  /** The children of our stages record {@code file} (the next) or map it (those after). */
  static void archive(Path file, boolean record) {
    archive = file;
    recording = record;
  }

  /** What the stage reports, in order. */
  private final Map<String, String> out = new LinkedHashMap<>();

  private StageJvm() {}

  /** What a child reported: seconds of the stage, its peak RSS and heap, rows per table. */
  record Result(double seconds, long rssMb, long heapMb, Map<String, String> values) {
    /** Rows per table ({@code rows.<table>} lines), sorted by table name. */
    Map<String, Long> rows() {
      Map<String, Long> rows = new TreeMap<>();
      values.forEach(
          (k, v) -> {
            if (k.startsWith("rows.")) {
              rows.put(k.substring("rows.".length()), Long.parseLong(v));
            }
          });
      return rows;
    }

    long totalRows() {
      return rows().values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Runs {@code args} in a child JVM (same java, class path and options); its results. With {@code
   * -Dbench.jvm=same}, in this JVM instead, after the repetitions before it (warm), and the peak
   * RSS is this JVM's, embedded S3 server included: the kernel's high-water mark is reset before
   * the stage ({@code 5 > /proc/self/clear_refs}) to what is resident then, which includes what the
   * JVM kept from the seed and the stages before.
   */
  static Result launch(String... args) throws Exception {
    if (SAME_JVM) {
      PeakMemory.resetPeakRss();
      Map<String, String> values = new StageJvm().stage(args);
      return result(args, values);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (archive != null && !args[0].equals("duckdb")) {
      command.add((recording ? "-XX:ArchiveClassesAtExit=" : "-XX:SharedArchiveFile=") + archive);
    }
    if (!CHILD_OPTS.isEmpty() && !args[0].equals("duckdb")) {
      command.addAll(List.of(CHILD_OPTS.split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StageJvm.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Map<String, String> values = new LinkedHashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(PREFIX)) {
          String[] kv = line.substring(PREFIX.length()).split(" ", 2);
          values.put(kv[0], kv[1]);
        } else {
          System.out.println(line);
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "stage " + String.join(" ", args) + " failed in its JVM (exit " + exit + ")");
    }
    return result(args, values);
  }

  private static Result result(String[] args, Map<String, String> values) {
    if (!values.containsKey("seconds")) {
      throw new IllegalStateException("stage " + String.join(" ", args) + " reported no time");
    }
    return new Result(
        Double.parseDouble(values.get("seconds")),
        Long.parseLong(values.get("rss_mb")),
        Long.parseLong(values.get("heap_mb")),
        values);
  }

  /** The child: runs one stage, prints its results. */
  public static void main(String[] args) {
    // java.util.logging's own manager, as in ./totes (whose class path has no JBoss LogManager):
    // else a library on the benchmarks' class path installs the JBoss LogManager with Quarkus'
    // start-up handler, which takes every record at every level, pgjdbc's FINEST one per COPY
    // message included (a tenth of the extract's CPU in a profile), which no run of ours pays
    java.util.logging.LogManager.getLogManager();
    int exit = 0;
    try {
      new StageJvm().stage(args).forEach((k, v) -> System.out.println(PREFIX + k + " " + v));
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 1;
    }
    System.exit(exit); // S3 client and logging threads must not keep the child alive
  }

  private Map<String, String> stage(String[] args) throws Exception {
    switch (args[0]) {
      case "extract" -> extract(Integer.parseInt(args[1]), args[2], URI.create(args[3]), args[4]);
      case "transform" -> transform(URI.create(args[1]), args[2], args[3]);
      case "load" ->
          load(
              Integer.parseInt(args[1]),
              args[2],
              URI.create(args[3]),
              args[4],
              Path.of(args[5]),
              Long.parseLong(args[6]));
      case "duckdb" -> duckdb(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? args[3] : null);
      default -> throw new IllegalArgumentException("unknown stage " + args[0]);
    }
    return out;
  }

  private void extract(int port, String db, URI endpoint, String bucket) {
    try (S3Client s3 = s3(endpoint)) {
      ExtractConfig config =
          ExtractSettings.Extract.defaults()
              .toConfig(bucket)
              .withMaxRowsPerRun(ExtractConfig.UNBOUNDED);
      ExtractJob job =
          new ExtractJob(
              database(port, db),
              new S3ObjectStore(s3),
              new JsonCodec(),
              Clock.systemUTC(),
              config);
      ExtractSummary done;
      long t0 = System.nanoTime();
      try (PeakMemory mem = new PeakMemory()) {
        done = job.run();
        report(t0, mem);
      }
      if (done.backlogRows() != 0) {
        throw new IllegalStateException("extract left " + done.backlogRows() + " rows behind");
      }
      done.rowsPerTable().forEach((t, n) -> put("rows." + t, n));
    }
  }

  private void transform(URI endpoint, String ingest, String processed) {
    try (S3Client s3 = s3(endpoint)) {
      TransformJob job =
          new TransformJob(
              new S3ObjectStore(s3),
              new JsonCodec(),
              Clock.systemUTC(),
              TransformSettings.Transform.defaults().toConfig(ingest, processed));
      List<TransformSummary> done;
      long t0 = System.nanoTime();
      try (PeakMemory mem = new PeakMemory()) {
        done = job.run();
        report(t0, mem);
      }
      if (done.size() != 1 || done.get(0).setAside() != null) {
        throw new IllegalStateException("transform did not do the one ingest run: " + done);
      }
      put("rejected", done.get(0).rejected());
      done.get(0).rowsPerTable().forEach((t, n) -> put("rows." + t, n));
    }
  }

  private void load(int port, String db, URI endpoint, String bucket, Path temp, long threshold) {
    ConnectionSource source = database(port, db);
    new WarehouseMigrator(source).migrate();
    try (S3Client s3 = s3(endpoint)) {
      ObjectStore store = new S3ObjectStore(s3);
      LoadJob job =
          new LoadJob(
              source,
              store,
              new JsonCodec(),
              Clock.systemUTC(),
              new LoadConfig(bucket, temp, threshold));
      List<LoadSummary> done;
      long t0 = System.nanoTime();
      try (PeakMemory mem = new PeakMemory()) {
        done = job.run();
        report(t0, mem);
      }
      if (done.isEmpty() || done.stream().anyMatch(r -> r.setAside() != null)) {
        throw new IllegalStateException("load did not load every run: " + done);
      }
      put("run_seconds", done.stream().mapToLong(LoadSummary::durationMs).sum() / 1000.0);
    }
  }

  private void duckdb(Path ingestDir, Path outDir, String compareWith) throws Exception {
    TransformAnchor anchor = new TransformAnchor(ingestDir, outDir);
    // untimed, like our stages' JVM start: the driver extracts and loads DuckDB's native library
    DriverManager.getConnection("jdbc:duckdb:").close();
    long t0 = System.nanoTime();
    try (PeakMemory mem = new PeakMemory()) {
      anchor.run();
      report(t0, mem);
    }
    anchor.rowsPerTable().forEach((t, n) -> put("rows." + t, n));
    if (compareWith != null) {
      anchor.differences(Path.of(compareWith)).forEach((t, n) -> put("diff." + t, n));
    }
  }

  /** Seconds since {@code t0}, then peak RSS and heap, read right after the stage. */
  private void report(long t0, PeakMemory mem) {
    put("seconds", (System.nanoTime() - t0) / 1e9);
    put("rss_mb", PeakMemory.peakRssMb());
    put("heap_mb", mem.peakHeapMb());
  }

  private void put(String key, Object value) {
    out.put(key, String.valueOf(value));
  }

  private static S3Client s3(URI endpoint) {
    return S3Clients.forEndpoint(
        endpoint,
        EmbeddedS3Server.REGION,
        EmbeddedS3Server.ACCESS_KEY,
        EmbeddedS3Server.SECRET_KEY);
  }

  static ConnectionSource database(int port, String db) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            port,
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            db));
  }
}
