package com.totaltotes.pipeline.extract;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a repair run adds to each table's window: the earliest start of the repaired runs' windows,
 * and their files that still verify (present, same bytes and checksum as their manifest says), to
 * be carried into the repair run ahead of its fresh rows.
 */
final class RepairPlan {
  private static final Logger LOG = Logger.getLogger(RepairPlan.class);

  private RepairPlan() {}

  /**
   * The repair of each table for the runs {@code repairs}, which must be among {@code runs} (the
   * bucket's listing). A repaired run whose manifest cannot be read is read again from the state of
   * the readable run before it.
   *
   * @throws PipelineException (permanent) naming a run the bucket has no manifest of
   */
  static Map<SourceTable, TableWindows.Repair> of(
      ManifestStore<IngestManifest> manifests,
      ObjectStore store,
      String bucket,
      TableWindows windows,
      List<RunId> runs,
      List<RunId> repairs) {
    Map<SourceTable, TableWindows.Repair> plan = new EnumMap<>(SourceTable.class);
    for (RunId r : repairs) {
      int index = runs.indexOf(r);
      if (index < 0) {
        throw PipelineException.permanentFailure(
            "cannot repair run "
                + r
                + ": bucket "
                + bucket
                + " has no ingest manifest of that run");
      }
      IngestManifest repaired = manifests.readOrNull(r);
      IngestManifest before = repaired != null ? null : manifests.newestReadable(runs, index);
      for (SourceTable table : SourceTable.values()) {
        TableWindows.Repair add;
        if (repaired != null) {
          IngestManifest.Table entry = repaired.table(table.tableName());
          add =
              entry == null
                  ? TableWindows.Repair.FROM_START
                  : new TableWindows.Repair(
                      entry.since(),
                      verified(store, bucket, r, entry.files()),
                      verified(store, bucket, r, entry.deletions()));
        } else {
          LocalDateTime from =
              windows.restartSince(before == null ? null : before.table(table.tableName()));
          add =
              from == null
                  ? TableWindows.Repair.FROM_START
                  : new TableWindows.Repair(from, List.of(), List.of());
        }
        plan.merge(table, add, TableWindows.Repair::merge);
      }
    }
    return plan;
  }

  /** The files of a repaired run's table that still hold exactly what its manifest says. */
  private static List<FileEntry> verified(
      ObjectStore store, String bucket, RunId run, List<FileEntry> files) {
    List<FileEntry> ok = new ArrayList<>();
    for (FileEntry file : files) {
      String problem = VerifiedInput.problem(store, bucket, file);
      if (problem == null) {
        ok.add(file);
      } else {
        LOG.warnf(
            "repair of run %s: %s cannot be carried over (%s); its rows are read again from the"
                + " source where they still exist",
            run, file.key(), problem);
      }
    }
    return ok;
  }
}
