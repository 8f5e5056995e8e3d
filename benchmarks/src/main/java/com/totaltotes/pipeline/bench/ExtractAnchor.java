package com.totaltotes.pipeline.bench;

import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * The extract's stock-tool anchors: for each of the 11 tables, {@code psql -c "COPY (SELECT
 * row_to_json(t) FROM <table> t) TO STDOUT" | gzip > <table>.jsonl.gz} (psql and gzip from the
 * PATH, no shell: a {@link ProcessBuilder#startPipeline pipeline} of the two processes), or, as the
 * plain floor, {@code psql -c "COPY <table> TO STDOUT" > <table>.txt} (PostgreSQL's own text
 * format, uncompressed), against the same database, {@code parallel} tables at a time (largest
 * first).
 */
final class ExtractAnchor {
  private final int port;
  private final String db;
  private final Path dir;
  private final boolean plain;

  ExtractAnchor(int port, String db, Path dir, boolean plain) {
    this.port = port;
    this.db = db;
    this.dir = dir;
    this.plain = plain;
  }

  /** What this anchor runs, for the benchmark's lines. */
  String label() {
    return plain ? "psql COPY t TO STDOUT > file" : "psql | gzip";
  }

  /** Dumps every table; seconds. */
  double run(List<String> tables, int parallel) throws Exception {
    Files.createDirectories(dir);
    ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(tables);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        done.add(
            pool.submit(
                () -> {
                  for (String table; (table = queue.poll()) != null; ) {
                    dump(table);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private void dump(String table) throws Exception {
    ProcessBuilder psql =
        new ProcessBuilder(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "localhost",
                "-p",
                Integer.toString(port),
                "-U",
                EmbeddedPostgresServer.USER,
                "-d",
                db,
                "-c",
                plain
                    ? "COPY " + table + " TO STDOUT"
                    : "COPY (SELECT row_to_json(t) FROM " + table + " t) TO STDOUT")
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    // the embedded server's fixed local password, not a secret
    psql.environment().put("PGPASSWORD", EmbeddedPostgresServer.PASSWORD);
    if (plain) {
      Process p = psql.redirectOutput(file(table).toFile()).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("psql COPY failed for " + table);
      }
      return;
    }
    ProcessBuilder gzip =
        new ProcessBuilder("gzip", "-c")
            .redirectOutput(file(table).toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(psql, gzip));
    for (Process p : pipeline) {
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            "psql | gzip failed for " + table + ": " + p.info().command().orElse("?"));
      }
    }
  }

  /** Lines (rows) in each table's file, by table name; read after the timed run. */
  Map<String, Long> rowsPerTable(List<String> tables) throws Exception {
    Map<String, Long> rows = new TreeMap<>();
    for (String table : tables) {
      long n = 0;
      // COPY's text format escapes a newline in a value: one line per row, as in JSON Lines
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  plain
                      ? Files.newInputStream(file(table))
                      : new GZIPInputStream(Files.newInputStream(file(table)), 1 << 16),
                  StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          n++;
        }
      }
      rows.put(table, n);
    }
    return rows;
  }

  private Path file(String table) {
    return dir.resolve(table + (plain ? ".txt" : ".jsonl.gz"));
  }
}
