package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An open {@link Workspace}: the object store (the embedded S3 server started on the work
 * directory, or a client of the external endpoint), the buckets, a temporary directory for the
 * loader, and, when exclusive, the work directory's lock. Closing stops the server and frees the
 * lock.
 */
public final class WorkspaceSession implements AutoCloseable {
  static final String LOCK_FILE = "totes.lock";

  private final Workspace workspace;
  private final FileChannel lockChannel;
  private final EmbeddedS3Server server;
  private final S3Client s3;
  private final ObjectStore store;

  private WorkspaceSession(
      Workspace workspace, FileChannel lockChannel, EmbeddedS3Server server, S3Client s3) {
    this.workspace = workspace;
    this.lockChannel = lockChannel;
    this.server = server;
    this.s3 = s3;
    this.store = new S3ObjectStore(s3);
  }

  static WorkspaceSession open(Workspace workspace, boolean exclusive) {
    Path dir = workspace.workDir();
    FileChannel lock = null;
    EmbeddedS3Server server = null;
    try {
      Files.createDirectories(dir.resolve("tmp"));
      lock = exclusive ? lock(dir) : null;
      S3Client s3;
      if (workspace.embedded()) {
        server = EmbeddedS3Server.startOnDisk(dir.resolve("s3"));
        server.createBucket(workspace.buckets().ingest());
        server.createBucket(workspace.buckets().processed());
        s3 =
            S3Clients.forEndpoint(
                server.endpoint(),
                EmbeddedS3Server.REGION,
                EmbeddedS3Server.ACCESS_KEY,
                EmbeddedS3Server.SECRET_KEY);
      } else {
        S3Endpoint e = workspace.endpoint();
        s3 = S3Clients.forEndpoint(e.uri(), e.region(), e.accessKey(), e.secretKey());
      }
      return new WorkspaceSession(workspace, lock, server, s3);
    } catch (IOException e) {
      closeQuietly(lock, server);
      throw new UncheckedIOException("cannot prepare work dir " + dir, e);
    } catch (RuntimeException e) {
      closeQuietly(lock, server);
      throw e;
    }
  }

  private static FileChannel lock(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new WorkspaceBusyException(
          "work dir " + dir + " is in use by another totes command; retry when it has finished");
    }
    return channel;
  }

  public Workspace workspace() {
    return workspace;
  }

  public ObjectStore store() {
    return store;
  }

  public Buckets buckets() {
    return workspace.buckets();
  }

  /** {@code <workDir>/tmp}: where the loader copies a Parquet object while reading it. */
  public Path tempDir() {
    return workspace.workDir().resolve("tmp");
  }

  /** The store, for messages: the embedded server's directory or the endpoint URL. */
  public String describe() {
    return workspace.embedded()
        ? "embedded S3 server on " + workspace.workDir().resolve("s3")
        : "S3 endpoint " + workspace.endpoint().uri();
  }

  /** Creates a bucket unless it exists. */
  public void createBucket(String bucket) {
    if (server != null) {
      server.createBucket(bucket);
      return;
    }
    try {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException e) {
      // already there: fine
    } catch (SdkException e) {
      throw PipelineException.transientFailure(
          "cannot create bucket '" + bucket + "' on " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    s3.close();
    closeQuietly(lockChannel, server);
  }

  private static void closeQuietly(FileChannel lock, EmbeddedS3Server server) {
    if (server != null) {
      server.close();
    }
    if (lock != null) {
      try {
        lock.close(); // releases the lock
      } catch (IOException ignored) {
        // the lock dies with the process anyway
      }
    }
  }
}
