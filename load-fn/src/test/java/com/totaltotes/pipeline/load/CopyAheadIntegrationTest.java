package com.totaltotes.pipeline.load;

import static com.totaltotes.pipeline.load.ProcessedRunWriter.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CopyAhead} reads and encodes files ahead of the COPYs, never more than {@link
 * CopyAhead#AHEAD} waiting, and leaves no encoded file behind, whatever happens.
 */
class CopyAheadIntegrationTest {
  private static final WarehouseTable TABLE = WarehouseTable.FACT_SALES_ORDER;
  private static LoadTestServices services;
  private static String bucket;
  private static List<FileEntry> files;
  @TempDir Path tempDir;

  @BeforeAll
  static void sixFilesOfOneTable() {
    services = LoadTestServices.start();
    bucket = services.newBucket();
    List<Object[]> rows = new ArrayList<>();
    LoadBenchmark.factRows(0, 600).forEach(rows::add);
    files =
        new ProcessedRunWriter(services.store, bucket, 100)
            .writeFiles(run(1), Map.of(TABLE, rows))
            .table(TABLE.tableName())
            .files();
    assertThat(files).hasSize(6);
  }

  @AfterAll
  static void stopServers() {
    services.close();
  }

  @Test
  void encodesAheadOfTheCopiesAtMostTwoFilesAndSendsEveryRowInOrder() throws Exception {
    String db = services.newWarehouse();
    new WarehouseMigrator(services.source(db)).migrate();
    try (Connection c = services.connect(db);
        CopyAhead ahead = copyAhead(files)) {
      c.setAutoCommit(false);
      new StagingTable(TABLE).create(c);
      // before any COPY, the thread has encoded as far as it may, and no further
      awaitEncodedFiles(CopyAhead.AHEAD);
      Thread.sleep(300);
      assertThat(encodedFiles()).hasSize(CopyAhead.AHEAD);
      long copied = 0;
      for (FileEntry file : files) {
        copied += ahead.copyNext(c, "stage_" + TABLE.tableName(), TABLE, file);
        assertThat(encodedFiles().size()).isLessThanOrEqualTo(CopyAhead.AHEAD);
      }
      assertThat(copied).isEqualTo(600);
      assertThat(
              WarehouseRows.texts(
                  c,
                  "select string_agg(sales_order_id::text, ',' order by sales_order_id) ="
                      + " string_agg(sales_order_id::text, ',') from stage_"
                      + TABLE.tableName()))
          .containsExactly("t");
      assertThat(encodedFiles()).isEmpty();
    }
  }

  @Test
  void closingBeforeEveryFileIsSentLeavesNoEncodedFile() throws Exception {
    CopyAhead ahead = copyAhead(files);
    awaitEncodedFiles(CopyAhead.AHEAD);
    ahead.close();
    assertThat(encodedFiles()).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadFailsWhereItIsTakenAndNothingAfterItIsRead() throws Exception {
    String key = TABLE.tableName() + "/dt=2026-11-24/garbage.parquet";
    byte[] garbage = "not parquet at all".getBytes(StandardCharsets.UTF_8);
    try (ObjectOutput out = services.store.create(bucket, key)) {
      out.write(garbage);
    }
    FileEntry bad =
        new FileEntry(
            key,
            100,
            garbage.length,
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(garbage)));
    List<FileEntry> withBad = List.of(files.get(0), bad, files.get(1));
    String db = services.newWarehouse();
    new WarehouseMigrator(services.source(db)).migrate();
    try (Connection c = services.connect(db);
        CopyAhead ahead = copyAhead(withBad)) {
      c.setAutoCommit(false);
      new StagingTable(TABLE).create(c);
      String stage = "stage_" + TABLE.tableName();
      assertThat(ahead.copyNext(c, stage, TABLE, files.get(0))).isEqualTo(100);
      assertThatThrownBy(() -> ahead.copyNext(c, stage, TABLE, bad))
          .isInstanceOf(MalformedObjectException.class)
          .hasMessageContaining(key);
      assertThatThrownBy(() -> ahead.copyNext(c, stage, TABLE, files.get(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("an earlier one failed");
    }
    assertThat(encodedFiles()).isEmpty();
  }

  /**
   * An {@link Error} on the encoding thread (in a native run, snappy-java's JNI library missing: an
   * {@code UnsatisfiedLinkError}; in any run, an {@code OutOfMemoryError}) reaches the COPY that
   * waits for the file, as a transient failure, at once: it used to leave the COPY waiting forever.
   */
  @Test
  void anErrorOnTheEncodingThreadFailsTheWaitingCopyAtOnce() throws Exception {
    String failing = files.get(1).key();
    ObjectStore store =
        new ObjectStore() {
          @Override
          public ObjectOutput create(String b, String key) {
            return services.store.create(b, key);
          }

          @Override
          public InputStream open(String b, String key) {
            if (key.equals(failing)) {
              throw new UnsatisfiedLinkError("no native library for this test");
            }
            return services.store.open(b, key);
          }

          @Override
          public List<String> list(String b, String prefix, String startAfter) {
            return services.store.list(b, prefix, startAfter);
          }

          @Override
          public boolean createIfAbsent(String b, String key, byte[] bytes) {
            return services.store.createIfAbsent(b, key, bytes);
          }

          @Override
          public boolean exists(String b, String key) {
            return services.store.exists(b, key);
          }
        };
    String db = services.newWarehouse();
    new WarehouseMigrator(services.source(db)).migrate();
    try (Connection c = services.connect(db);
        CopyAhead ahead =
            new CopyAhead(
                new ParquetTableReader(store, tempDir),
                bucket,
                tempDir,
                files.stream().map(f -> new CopyAhead.Item(TABLE, f)).toList())) {
      c.setAutoCommit(false);
      new StagingTable(TABLE).create(c);
      String stage = "stage_" + TABLE.tableName();
      assertThat(ahead.copyNext(c, stage, TABLE, files.get(0))).isEqualTo(100);
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () ->
              assertThatThrownBy(() -> ahead.copyNext(c, stage, TABLE, files.get(1)))
                  .isInstanceOf(PipelineException.class)
                  .hasMessageContaining("encoding thread failed")
                  .hasMessageContaining("UnsatisfiedLinkError")
                  .satisfies(e -> assertThat(((PipelineException) e).permanent()).isFalse()));
      assertThatThrownBy(() -> ahead.copyNext(c, stage, TABLE, files.get(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("an earlier one failed");
    }
    assertThat(encodedFiles()).isEmpty();
  }

  @Test
  void filesTakenOutOfOrderAreRefused() throws Exception {
    try (Connection c = services.connect("postgres");
        CopyAhead ahead = copyAhead(files)) {
      assertThatThrownBy(() -> ahead.copyNext(c, "x", TABLE, files.get(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("out of order");
    }
  }

  private CopyAhead copyAhead(List<FileEntry> list) {
    return new CopyAhead(
        new ParquetTableReader(services.store, tempDir),
        bucket,
        tempDir,
        list.stream().map(f -> new CopyAhead.Item(TABLE, f)).toList());
  }

  private void awaitEncodedFiles(int count) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (encodedFiles().size() < count) {
      assertThat(System.nanoTime()).as("waiting for encoded files").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private List<Path> encodedFiles() throws IOException {
    try (Stream<Path> listed = Files.list(tempDir)) {
      return listed.filter(p -> p.getFileName().toString().startsWith("totes-copy-")).toList();
    }
  }
}
