package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.load.LoadConfig;
import com.totaltotes.pipeline.load.LoadJob;
import com.totaltotes.pipeline.load.LoadSummary;
import com.totaltotes.pipeline.load.WarehouseMigrator;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.parquet.ParquetTableWriter;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The load against its restore-style floor: {@link LoadJob} loads the transformed run into a
 * freshly migrated warehouse; the floor loads the same warehouse rows the way {@code pg_restore
 * --single-transaction} loads a dump: tables without keys, {@code COPY FROM} of each table's rows
 * (text format, from local files written by {@code COPY TO} of our loaded warehouse), then the
 * primary and unique keys (index builds) and the foreign keys (validated once, set-wise), one
 * transaction. Then, on the loaded warehouse, incremental runs of N new sales-order versions
 * through both paths (per-row and bulk), from which the default bulk threshold was chosen.
 */
final class LoadStage {
  private final EmbeddedPostgresServer pg;
  private final EmbeddedS3Server s3server;
  private final ObjectStore store;
  private final String processed;
  private final Path work;

  LoadStage(
      EmbeddedPostgresServer pg,
      EmbeddedS3Server s3server,
      ObjectStore store,
      String processed,
      Path work) {
    this.pg = pg;
    this.s3server = s3server;
    this.store = store;
    this.processed = processed;
    this.work = work;
  }

  /**
   * Runs every measurement; {@code repeat} times each for the initial load, ours in a JVM of its
   * own ({@link StageJvm}: its peak RSS is the load's own) and the floor from this JVM.
   */
  StageResult run(int repeat, boolean perRow, int[] incrementalSizes) throws Exception {
    Path temp = Files.createDirectories(work.resolve("load-tmp"));
    List<Double> ours = new ArrayList<>();
    List<Double> floor = new ArrayList<>();
    long peakRss = 0;
    String loaded = null;
    for (int i = 0; i < repeat; i++) {
      String db = pg.createDatabase("wh_bulk_" + i + "_" + System.nanoTime());
      StageJvm.Result r =
          StageJvm.launch(
              "load",
              Integer.toString(pg.port()),
              db,
              s3server.endpoint().toString(),
              processed,
              temp.toString(),
              Long.toString(LoadConfig.DEFAULT_BULK_THRESHOLD_ROWS));
      double s = r.seconds();
      ours.add(s);
      peakRss = Math.max(peakRss, r.rssMb());
      if (loaded == null) {
        loaded = db;
        dumpTables(db);
      }
      double f = restoreFloor();
      floor.add(f);
      System.out.printf(
          "load %d    ours (bulk path) %.2f s (the run itself %s s, the rest: migration check,"
              + " listing, reconciliation counts), restore-style floor %.2f s -> ratio %.2f;"
              + " peak RSS of our load's JVM %d MB (heap %d MB)%n",
          i + 1, s, r.values().get("run_seconds"), f, f / s, r.rssMb(), r.heapMb());
    }
    double medianOurs = StageResult.median(ours);
    double medianFloor = StageResult.median(floor);
    System.out.printf(
        "load median ours %.2f s, floor %.2f s -> ratio (floor / ours) %.2f; %,d warehouse rows%n",
        medianOurs, medianFloor, medianFloor / medianOurs, warehouseRows(loaded));
    if (perRow) {
      String db = pg.createDatabase("wh_rows_" + System.nanoTime());
      double s = load(db, processed, temp, Long.MAX_VALUE);
      System.out.printf(
          "load      per-row path (threshold max, today's load) %.2f s -> ratio %.2f%n",
          s, medianFloor / s);
    }
    for (int n : incrementalSizes) {
      incremental(loaded, n, temp);
    }
    return new StageResult("load", medianFloor, medianOurs, peakRss);
  }

  /** Loads every run of {@code bucket} into the migrated {@code db}; seconds of LoadJob.run(). */
  private double load(String db, String bucket, Path temp, long threshold) {
    ConnectionSource source = source(db);
    new WarehouseMigrator(source).migrate();
    LoadJob job =
        new LoadJob(
            source,
            store,
            new JsonCodec(),
            java.time.Clock.systemUTC(),
            new LoadConfig(bucket, temp, threshold));
    long t0 = System.nanoTime();
    List<LoadSummary> done = job.run();
    double s = secs(t0);
    if (done.isEmpty() || done.stream().anyMatch(r -> r.setAside() != null)) {
      throw new IllegalStateException("load did not load every run: " + done);
    }
    return s;
  }

  /** {@code n} new versions of loaded sales orders, as one processed run in a bucket of its own. */
  private void incremental(String base, int n, Path temp) throws Exception {
    String bucket = "incr-" + n + "-" + System.nanoTime();
    s3server.createBucket(bucket);
    RunId run = new RunId(1, Instant.parse("2030-01-01T00:00:00Z"));
    WarehouseTable t = WarehouseTable.FACT_SALES_ORDER;
    String key = t.tableName() + "/dt=2030-01-01/" + run + "-0.parquet";
    FileEntry file;
    LocalDate newest;
    try (Connection c = pg.connect(base);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select max(date_id) from dim_date")) {
      rs.next();
      newest = rs.getObject(1, LocalDate.class);
    }
    try (Connection c = pg.connect(base);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select "
                    + String.join(", ", t.columnNames())
                    + " from "
                    + t.tableName()
                    + " order by sales_record_id limit "
                    + n);
        ParquetTableWriter writer = new ParquetTableWriter(store, bucket, key, t)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < t.columns().size(); i++) {
          Column col = t.columns().get(i);
          Object v =
              switch (col.type()) {
                case INT -> rs.getObject(i + 1, Integer.class);
                case DECIMAL_10_2 -> rs.getBigDecimal(i + 1);
                case DATE -> rs.getObject(i + 1, LocalDate.class);
                case TIME_MILLIS -> rs.getObject(i + 1, LocalTime.class);
                case BOOLEAN -> rs.getObject(i + 1, Boolean.class);
                case TEXT -> rs.getString(i + 1);
              };
          row.put(col.name(), v);
        }
        // a new version of the same order, updated on the warehouse's newest date
        row.put("last_updated_date", newest);
        writer.write(row);
      }
      file = writer.finish();
    }
    List<ProcessedManifest.Table> tables = new ArrayList<>();
    for (WarehouseTable table : WarehouseTable.values()) {
      tables.add(
          table == t
              ? new ProcessedManifest.Table(table.tableName(), n, List.of(file))
              : new ProcessedManifest.Table(table.tableName(), 0, List.of()));
    }
    new ManifestStore<>(store, new JsonCodec(), bucket, ProcessedManifest.class)
        .write(new ProcessedManifest(run.toString(), Instant.now(), tables, 0, null, null, null));
    double[] perRow = new double[3];
    double[] bulk = new double[3];
    for (int i = 0; i < 3; i++) {
      perRow[i] = load(clone(base), bucket, temp, Long.MAX_VALUE);
      bulk[i] = load(clone(base), bucket, temp, 0);
    }
    System.out.printf(
        "incremental %,d sales-order versions onto the loaded warehouse: per-row %.3f s, bulk"
            + " %.3f s (medians of 3: per-row %s, bulk %s)%n",
        n,
        StageResult.median(perRow),
        StageResult.median(bulk),
        Arrays.toString(perRow),
        Arrays.toString(bulk));
  }

  private String clone(String base) throws SQLException {
    String name = "wh_clone_" + System.nanoTime();
    try (Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("create database " + name + " template " + base);
    }
    return name;
  }

  /** Writes every warehouse table of {@code db} to {@code <work>/dump/<table>.copy}. */
  private void dumpTables(String db) throws Exception {
    Path dir = Files.createDirectories(work.resolve("dump"));
    try (Connection c = pg.connect(db)) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (WarehouseTable t : WarehouseTable.values()) {
        try (OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(dir.resolve(t.tableName() + ".copy")))) {
          copy.copyOut("copy " + t.tableName() + " to stdout", out);
        }
      }
    }
  }

  /**
   * The floor: a migrated warehouse stripped of its keys (untimed, as the dump's CREATE TABLEs),
   * then, timed, in one transaction: COPY of every table, the primary and unique keys, the foreign
   * keys.
   */
  private double restoreFloor() throws Exception {
    String db = pg.createDatabase("wh_floor_" + System.nanoTime());
    new WarehouseMigrator(source(db)).migrate();
    Path dir = work.resolve("dump");
    try (Connection c = pg.connect(db)) {
      List<String[]> keys = new ArrayList<>();
      List<String[]> foreign = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select conrelid::regclass::text, quote_ident(conname),"
                      + " pg_get_constraintdef(oid), contype from pg_constraint"
                      + " where connamespace = 'public'::regnamespace and contype in ('p','u','f')"
                      + " and conrelid::regclass::text <> 'load_ledger'"
                      + " and conrelid::regclass::text <> 'source_deletion'"
                      + " and conrelid::regclass::text <> 'flyway_schema_history'")) {
        while (rs.next()) {
          String[] k = {rs.getString(1), rs.getString(2), rs.getString(3)};
          (rs.getString(4).equals("f") ? foreign : keys).add(k);
        }
      }
      try (Statement s = c.createStatement()) {
        for (String[] k : foreign) {
          s.execute("alter table " + k[0] + " drop constraint " + k[1]);
        }
        for (String[] k : keys) {
          s.execute("alter table " + k[0] + " drop constraint " + k[1]);
        }
      }
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (WarehouseTable t : WarehouseTable.values()) {
        try (InputStream in =
            new BufferedInputStream(Files.newInputStream(dir.resolve(t.tableName() + ".copy")))) {
          copy.copyIn("copy " + t.tableName() + " from stdin", in);
        }
      }
      try (Statement s = c.createStatement()) {
        for (String[] k : keys) {
          s.execute("alter table " + k[0] + " add constraint " + k[1] + " " + k[2]);
        }
        for (String[] k : foreign) {
          s.execute("alter table " + k[0] + " add constraint " + k[1] + " " + k[2]);
        }
      }
      c.commit();
      return secs(t0);
    }
  }

  private long warehouseRows(String db) throws SQLException {
    long rows = 0;
    try (Connection c = pg.connect(db);
        Statement s = c.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        try (ResultSet rs = s.executeQuery("select count(*) from " + t.tableName())) {
          rs.next();
          rows += rs.getLong(1);
        }
      }
    }
    return rows;
  }

  private ConnectionSource source(String db) {
    return StageJvm.database(pg.port(), db);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
