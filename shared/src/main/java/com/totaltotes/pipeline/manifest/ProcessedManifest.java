package com.totaltotes.pipeline.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The transform's manifest, {@code _manifests/<run>.json} in the processed bucket; the run id is
 * the ingest run it was made from. Lists every warehouse table with its Parquet files, the rejects
 * file and the dimension state written for the next run; or, for a run the transform set aside, the
 * reason ({@code setAside}) and no tables. {@code deletions} (null: none) lists the source rows
 * found deleted, or there again, as {@code {"table":"payment","id":7,"event":"deleted"}} lines.
 * {@code follows} is the processed run this one was made after (the newest readable processed
 * manifest then), null for a bucket's first run and in manifests written before the field: it lets
 * the load tell a gap in seqs that nothing fills (the ingest chain jumped over a garbage object
 * named like a later run) from a run that is missing.
 */
public record ProcessedManifest(
    String runId,
    Instant finishedAt,
    List<Table> tables,
    long rejects,
    String rejectsKey,
    String statePrefix,
    java.time.LocalDateTime newestSourceUpdate,
    String setAside,
    FileEntry deletions,
    String follows)
    implements Manifest {

  public ProcessedManifest {
    Objects.requireNonNull(runId, "runId");
    tables = List.copyOf(tables);
  }

  /** A run transformed as usual. */
  public ProcessedManifest(
      String runId,
      Instant finishedAt,
      List<Table> tables,
      long rejects,
      String rejectsKey,
      String statePrefix,
      java.time.LocalDateTime newestSourceUpdate) {
    this(
        runId,
        finishedAt,
        tables,
        rejects,
        rejectsKey,
        statePrefix,
        newestSourceUpdate,
        null,
        null,
        null);
  }

  /**
   * The manifest of an ingest run the transform set aside: no tables, the previous run's state
   * carried forward, and the reason. It keeps the chain of runs gap-free for the load, which
   * records the run as set aside without loading anything.
   */
  public static ProcessedManifest setAside(
      String runId, Instant at, String reason, ProcessedManifest previous) {
    return new ProcessedManifest(
        runId,
        at,
        List.of(),
        0,
        null,
        previous == null ? null : previous.statePrefix(),
        previous == null ? null : previous.newestSourceUpdate(),
        Objects.requireNonNull(reason, "reason"),
        null,
        previous == null ? null : previous.runId());
  }

  /** Whether the transform set this run aside (see {@link #setAside()} for the reason). */
  public boolean wasSetAside() {
    return setAside != null;
  }

  /** One warehouse table of the run. */
  public record Table(String table, long rows, List<FileEntry> files) {
    public Table {
      Objects.requireNonNull(table, "table");
      files = List.copyOf(files);
    }
  }

  public Table table(String table) {
    return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElse(null);
  }

  public long totalRows() {
    return tables.stream().mapToLong(Table::rows).sum();
  }
}
