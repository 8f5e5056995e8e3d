package com.totaltotes.pipeline.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The transform's manifest, {@code _manifests/<run>.json} in the processed bucket; the run id is
 * the ingest run it was made from. Lists every warehouse table with its Parquet files, the rejects
 * file and the dimension state written for the next run.
 */
public record ProcessedManifest(
    String runId,
    Instant finishedAt,
    List<Table> tables,
    long rejects,
    String rejectsKey,
    String statePrefix,
    java.time.LocalDateTime newestSourceUpdate)
    implements Manifest {

  public ProcessedManifest {
    Objects.requireNonNull(runId, "runId");
    tables = List.copyOf(tables);
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
