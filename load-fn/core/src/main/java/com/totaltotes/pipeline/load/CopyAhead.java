package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.parquet.ParquetTableReader;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The run's Parquet files, read and encoded as COPY text (text format, {@link CopyTextEncoder}) on
 * a thread of its own, up to {@link #AHEAD} files ahead of the {@code COPY ... FROM STDIN} that
 * sends them: while the database upserts a dimension, builds a fact table's keys or parses one
 * file, the next files are downloaded, checked against their manifest entries, decoded and encoded.
 * Each encoded file waits in a temporary file of the load's temp directory (deleted once sent), so
 * memory does not grow with the run and the disk holds at most {@code AHEAD} encoded files.
 *
 * <p>Files are taken in the order given; a file that cannot be read fails where it is taken, with
 * the same exception as when it was read in line, and nothing after it is read.
 */
final class CopyAhead implements AutoCloseable {
  /** Files encoded or being encoded and not sent yet, at most. */
  static final int AHEAD = 2;

  /**
   * The longest wait for one encoded file: longer than any file takes (a Lambda invocation lasts 15
   * minutes at most), so only a thread that stopped without a word reaches it.
   */
  static final Duration WAIT_BOUND = Duration.ofMinutes(15);

  /** SQLState {@code io_error}: the temporary file could not be written. */
  private static final String IO_ERROR = "58030";

  /** One file to copy: its table and manifest entry. */
  record Item(WarehouseTable table, FileEntry file) {}

  private final ParquetTableReader reader;
  private final String bucket;
  private final Path tempDir;
  private final List<Item> items;
  private final List<CompletableFuture<Path>> encoded = new ArrayList<>();
  private final Semaphore room = new Semaphore(AHEAD);

  /** One thread: a second was no faster on 2 cores, busy with the database's work. */
  private final ExecutorService thread;

  private int next;
  private volatile boolean closed;

  /** Starts encoding {@code items}, in order. */
  CopyAhead(ParquetTableReader reader, String bucket, Path tempDir, List<Item> items) {
    this.reader = reader;
    this.bucket = bucket;
    this.tempDir = tempDir;
    this.items = List.copyOf(items);
    for (int i = 0; i < this.items.size(); i++) {
      encoded.add(new CompletableFuture<>());
    }
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "load-copy-ahead");
              t.setDaemon(true);
              return t;
            });
    thread.execute(this::encodeAll);
  }

  /**
   * Sends the next file, which must be {@code file} of {@code table}, into {@code target} (a
   * relation with the table's columns, its name built from {@link WarehouseTable}); returns the
   * rows the server stored.
   *
   * @throws MalformedObjectException when the file does not match its entry, is not a Parquet file
   *     of {@code table} or holds another number of rows than its entry says
   */
  long copyNext(Connection c, String target, WarehouseTable table, FileEntry file)
      throws SQLException {
    Path text = await(take(table, file));
    try (InputStream in = Files.newInputStream(text)) {
      long copied = CopyTextEncoder.copyIn(c, target, String.join(", ", table.columnNames()), in);
      if (copied != file.rows()) {
        throw rowCount(file, copied);
      }
      return copied;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the encoded rows of " + where(file), e);
    } finally {
      delete(text);
      room.release();
    }
  }

  /**
   * Passes over the files of {@code table} not taken yet, without sending them (a table whose COPY
   * failed and is read again another way).
   */
  void skipRest(WarehouseTable table) {
    while (next < items.size() && items.get(next).table() == table) {
      delete(await(encoded.get(next++)));
      room.release();
    }
  }

  private CompletableFuture<Path> take(WarehouseTable table, FileEntry file) {
    Item item = new Item(table, file);
    if (next >= items.size() || !items.get(next).equals(item)) {
      throw new IllegalStateException(
          "files taken out of order: " + item + " instead of the next one listed");
    }
    return encoded.get(next++);
  }

  /** Stops encoding and deletes every encoded file not sent. */
  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the load's encoding thread did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = next; i < encoded.size(); i++) {
      CompletableFuture<Path> f = encoded.get(i);
      if (f.isDone() && !f.isCompletedExceptionally()) {
        delete(f.join());
      }
    }
  }

  /** Encodes the files in order, each once a place ahead is free; stops at the first failure. */
  private void encodeAll() {
    for (int i = 0; i < items.size() && !closed; i++) {
      try {
        room.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        encoded.get(i).complete(encode(items.get(i)));
      } catch (Throwable e) { // an Error too (a JNI library missing, OutOfMemoryError): the waiting
        // COPY must hear of it, or it would wait for this file forever
        encoded.get(i).completeExceptionally(e);
        cancelFrom(i + 1);
        return;
      }
    }
  }

  private void cancelFrom(int first) {
    for (int i = first; i < encoded.size(); i++) {
      encoded.get(i).cancel(false);
    }
  }

  /** Reads one file and writes its rows as COPY text to a new temporary file. */
  private Path encode(Item item) {
    Path out;
    try {
      out = Files.createTempFile(tempDir, "totes-copy-", ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file in " + tempDir, e);
    }
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      WarehouseTable table = item.table();
      CopyTextEncoder encoder =
          new CopyTextEncoder(
              table.tableName(),
              (bytes, offset, length) -> {
                try {
                  os.write(bytes, offset, length);
                } catch (IOException e) {
                  throw new SQLException(e.getMessage(), IO_ERROR, e); // not the file's fault
                }
              });
      long read = reader.copyText(bucket, item.file(), table, encoder);
      encoder.finish();
      if (read != item.file().rows()) {
        throw rowCount(item.file(), read);
      }
      return out;
    } catch (IOException | SQLException e) {
      delete(out);
      throw new UncheckedIOException(
          "cannot write the encoded rows of " + where(item.file()) + " to " + tempDir,
          e.getCause() instanceof IOException io ? io : new IOException(e));
    } catch (RuntimeException | Error e) {
      delete(out);
      throw e;
    }
  }

  private Path await(CompletableFuture<Path> file) {
    try {
      return file.get(WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw PipelineException.transientFailure(
          "the load's encoding thread gave no file for " + WAIT_BOUND.toMinutes() + " minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next file's rows", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("the file was not encoded: an earlier one failed", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      // an Error of the encoding thread: the machine's fault, not the file's, so transient (the
      // run is not set aside; the invocation fails and is retried)
      throw PipelineException.transientFailure(
          "the load's encoding thread failed: " + e.getCause(), e.getCause());
    }
  }

  private MalformedObjectException rowCount(FileEntry file, long rows) {
    return new MalformedObjectException(
        where(file) + " holds " + rows + " rows but its manifest entry says " + file.rows(), null);
  }

  private String where(FileEntry file) {
    return "s3://" + bucket + "/" + file.key();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans up what we could not
    }
  }
}
