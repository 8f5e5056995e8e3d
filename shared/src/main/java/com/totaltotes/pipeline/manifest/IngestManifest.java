package com.totaltotes.pipeline.manifest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The extract's manifest, {@code _manifests/<run>.json} in the ingest bucket. It lists every
 * source table, even those with no rows, with the window read and the files written.
 */
public record IngestManifest(
    String runId, Instant startedAt, Instant finishedAt, long lookbackSeconds, List<Table> tables)
    implements Manifest {

  public IngestManifest {
    Objects.requireNonNull(runId, "runId");
    tables = List.copyOf(tables);
  }

  /**
   * One table of the run: rows with {@code last_updated > since} (all rows when since is null);
   * {@code watermark} is the largest last_updated read, or the previous watermark when no row was
   * read (null only while the table has never had a row).
   */
  public record Table(
      String table, LocalDateTime since, LocalDateTime watermark, long rows, List<FileEntry> files) {
    public Table {
      Objects.requireNonNull(table, "table");
      files = List.copyOf(files);
    }
  }

  /** The entry of {@code table}, or null. */
  public Table table(String table) {
    return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElse(null);
  }

  public long totalRows() {
    return tables.stream().mapToLong(Table::rows).sum();
  }
}
