package com.totaltotes.pipeline.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the local runner keeps the pipeline's data and state: a work directory and the object
 * store. Without an {@link S3Endpoint} the store is an embedded S3 server (S3Proxy) whose objects
 * are files under {@code <workDir>/s3}, so a later run with the same directory continues
 * incrementally from the manifests it finds there.
 *
 * @param workDir the directory (created when missing)
 * @param buckets the ingest and processed buckets
 * @param endpoint an external S3 API, or null for the embedded server
 */
public record Workspace(Path workDir, Buckets buckets, S3Endpoint endpoint) {
  /** The system property the launcher sets to the project directory. */
  public static final String HOME_PROPERTY = "totes.home";

  public Workspace {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(buckets, "buckets");
    workDir = workDir.toAbsolutePath().normalize();
  }

  /** A workspace on the embedded store with the default buckets. */
  public static Workspace local(Path workDir) {
    return new Workspace(workDir, Buckets.defaults(), null);
  }

  /**
   * {@code .totes} in the project directory (the launcher's {@value #HOME_PROPERTY}), else in the
   * current one.
   */
  public static Path defaultWorkDir() {
    return Path.of(System.getProperty(HOME_PROPERTY, "")).resolve(".totes");
  }

  /** Whether the object store is the embedded server under the work directory. */
  public boolean embedded() {
    return endpoint == null;
  }

  /**
   * Opens the store. An exclusive session also locks the work directory, so that two runners cannot
   * write manifests into the same buckets at once.
   *
   * @throws WorkspaceBusyException when {@code exclusive} and another process holds the lock
   */
  public WorkspaceSession open(boolean exclusive) {
    return WorkspaceSession.open(this, exclusive);
  }
}
