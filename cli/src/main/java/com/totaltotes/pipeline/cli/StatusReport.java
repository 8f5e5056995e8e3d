package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.SqlErrors;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.SetAsideRun;
import com.totaltotes.pipeline.run.SetAsideRuns;
import com.totaltotes.pipeline.transform.TransformJob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the manifests of a workspace say: the last runs of extract and transform, the watermarks of
 * the newest extract, rows and rejects. Reads manifests only; changes nothing.
 */
public final class StatusReport {
  private final WorkspaceSession workspace;
  private final JsonCodec json = new JsonCodec();

  public StatusReport(WorkspaceSession workspace) {
    this.workspace = workspace;
  }

  /** The status as text, listing at most {@code lastRuns} runs. */
  public String render(int lastRuns) {
    ManifestStore<IngestManifest> ingest =
        new ManifestStore<>(
            workspace.store(), json, workspace.buckets().ingest(), IngestManifest.class);
    ManifestStore<ProcessedManifest> processed =
        new ManifestStore<>(
            workspace.store(), json, workspace.buckets().processed(), ProcessedManifest.class);
    List<RunId> ingestRuns = ingest.runsAfter(null);
    List<RunId> processedRuns = processed.runsAfter(null);
    StringBuilder out =
        new StringBuilder(
            "store      "
                + workspace.describe()
                + " (buckets "
                + workspace.buckets().ingest()
                + ", "
                + workspace.buckets().processed()
                + ")\n");
    if (ingestRuns.isEmpty()) {
      return out.append("runs       none yet\n").toString();
    }
    // as the transform sees it: after the newest readable processed manifest
    ProcessedManifest newestProcessed =
        processed.newestReadable(processedRuns, processedRuns.size());
    RunId lastProcessed = newestProcessed == null ? null : newestProcessed.run();
    long pending = TransformJob.pending(ingestRuns, processedRuns, lastProcessed).size();
    out.append(
        String.format(
            Locale.US,
            "extract    %d run(s), latest %s%n",
            ingestRuns.size(),
            ingestRuns.get(ingestRuns.size() - 1)));
    out.append(
        String.format(
            Locale.US,
            "transform  %d run(s), latest %s; %d ingest run(s) pending%n",
            processedRuns.size(),
            lastProcessed == null ? "none" : lastProcessed,
            pending));

    Set<String> done = new HashSet<>();
    processedRuns.forEach(r -> done.add(r.toString()));
    TextTable runs =
        new TextTable(List.of("run", "finished (UTC)", "extracted", "transformed", "rejected"));
    List<RunId> shown =
        ingestRuns.subList(Math.max(0, ingestRuns.size() - lastRuns), ingestRuns.size());
    IngestManifest newest = null;
    for (int i = shown.size() - 1; i >= 0; i--) {
      RunId run = shown.get(i);
      IngestManifest m = ingest.readOrNull(run);
      if (m == null) {
        runs.add(List.of(run.toString(), "unreadable manifest", "-", "-", "-"));
        continue;
      }
      newest = newest == null ? m : newest;
      ProcessedManifest p = done.contains(run.toString()) ? processed.readOrNull(run) : null;
      String transformed =
          p == null
              ? (done.contains(run.toString()) ? "unreadable" : "pending")
              : p.wasSetAside() ? "set aside" : number(p.totalRows());
      runs.add(
          List.of(
              run.toString(),
              String.valueOf(m.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
              number(m.totalRows())
                  + (m.futureRows() > 0 ? " (" + number(m.futureRows()) + " future-dated)" : "")
                  + (m.repairs().isEmpty()
                      ? ""
                      : " (repairs " + String.join(", ", m.repairs()) + ")"),
              transformed,
              p == null || p.wasSetAside() ? "-" : number(p.rejects())));
    }
    out.append(String.format("%nlast %d run(s)%n", shown.size())).append(runs.render("  "));

    List<SetAsideRun> setAside =
        new ArrayList<>(
            new SetAsideRuns(workspace.store(), json, workspace.buckets().processed()).list());
    // a _failed/ record is a convenience: a transform set-aside is also in its processed manifest
    // (issue 26: a deleted record must not hide the run from the person who has to repair it; the
    // last 200 processed runs are read for it, a load set-aside is in the ledger: --warehouse)
    Set<String> recorded = new HashSet<>();
    setAside.forEach(r -> recorded.add(r.runId()));
    for (RunId run :
        processedRuns.subList(Math.max(0, processedRuns.size() - 200), processedRuns.size())) {
      ProcessedManifest p = recorded.contains(run.toString()) ? null : processed.readOrNull(run);
      if (p != null && p.wasSetAside()) {
        setAside.add(
            new SetAsideRun(
                run.toString(),
                "transform",
                p.setAside() + " (from its processed manifest: the _failed/ record is missing)",
                null));
      }
    }
    setAside.sort(java.util.Comparator.comparing(SetAsideRun::runId));
    if (!setAside.isEmpty()) {
      Set<String> repaired = new HashSet<>();
      for (RunId run :
          ingestRuns.subList(Math.max(0, ingestRuns.size() - 1000), ingestRuns.size())) {
        IngestManifest m = ingest.readOrNull(run);
        if (m != null) {
          repaired.addAll(m.repairs());
        }
      }
      TextTable aside = new TextTable(List.of("run", "by", "repaired", "reason"));
      for (SetAsideRun r : setAside) {
        aside.add(
            List.of(
                r.runId(),
                r.function(),
                repaired.contains(r.runId()) ? "yes" : "no: ./totes repair " + r.runId(),
                r.reason()));
      }
      out.append(String.format("%nset aside (later runs went on)%n")).append(aside.render("  "));
    }
    if (newest == null) {
      return out.toString();
    }

    TextTable marks = new TextTable(List.of("table", "rows", "deleted", "since", "watermark"));
    for (IngestManifest.Table t : newest.tables()) {
      marks.add(
          List.of(
              t.table(),
              number(t.rows()),
              t.ids() == null ? "-" : number(t.deletedRows()),
              t.since() == null ? "(all rows)" : t.since().toString(),
              t.watermark() == null ? "(no rows yet)" : t.watermark().toString()));
    }
    out.append(String.format("%nwatermarks after run %s%n", newest.runId()))
        .append(marks.render("  "));
    return out.toString();
  }

  /**
   * Per source table: rows at the newest extract (its key set), source rows the warehouse holds
   * (deleted ones excepted), the difference, and the rows deleted in the source so far.
   */
  public String reconciliation(com.totaltotes.pipeline.credentials.ConnectionSource warehouse) {
    ManifestStore<IngestManifest> ingest =
        new ManifestStore<>(
            workspace.store(), json, workspace.buckets().ingest(), IngestManifest.class);
    IngestManifest newest = ingest.latest();
    Map<String, Long> held;
    Map<String, Long> deleted = new java.util.HashMap<>();
    Set<String> loaded;
    Map<String, String> ledgerSetAside = new java.util.LinkedHashMap<>();
    try (java.sql.Connection c = warehouse.open()) {
      held = com.totaltotes.pipeline.load.Reconciliation.warehouseRows(c);
      loaded = com.totaltotes.pipeline.load.LoadLedger.loadedRuns(c);
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet rs =
              s.executeQuery(
                  "select run_id, reason from load_ledger where status = 'set_aside' order by"
                      + " run_id")) {
        while (rs.next()) {
          ledgerSetAside.put(rs.getString(1), rs.getString(2));
        }
      }
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet rs =
              s.executeQuery(
                  "select source_table, count(*) from deleted_source_row group by source_table")) {
        while (rs.next()) {
          deleted.put(rs.getString(1), rs.getLong(2));
        }
      }
    } catch (java.sql.SQLException e) {
      throw com.totaltotes.pipeline.PipelineException.transientFailure(
          "cannot reconcile with warehouse " + warehouse.describe() + ": " + SqlErrors.describe(e),
          e);
    }
    TextTable rows =
        new TextTable(List.of("table", "source rows", "in warehouse", "difference", "deleted"));
    for (IngestManifest.Table t :
        newest == null ? List.<IngestManifest.Table>of() : newest.tables()) {
      Long inWarehouse = held.get(t.table());
      long source = t.ids() == null ? -1 : t.ids().rows();
      rows.add(
          List.of(
              t.table(),
              source < 0 ? "-" : number(source),
              inWarehouse == null ? "(joined)" : number(inWarehouse),
              inWarehouse == null || source < 0 ? "-" : number(inWarehouse - source),
              number(deleted.getOrDefault(t.table(), 0L))));
    }
    List<RunId> notLoaded =
        new ManifestStore<>(
                workspace.store(), json, workspace.buckets().processed(), ProcessedManifest.class)
            .runsAfter(null).stream().filter(r -> !loaded.contains(r.toString())).toList();
    String load =
        notLoaded.isEmpty()
            ? "every processed run is in the warehouse's load ledger"
            : String.format(
                Locale.US,
                "%d processed run(s) not loaded yet (from %s): the next run loads them, and until"
                    + " then the warehouse holds older versions",
                notLoaded.size(),
                notLoaded.get(0));
    // a set-aside run whose _failed/ record is gone is still in the ledger: say so
    for (SetAsideRun r :
        new SetAsideRuns(workspace.store(), json, workspace.buckets().processed()).list()) {
      ledgerSetAside.remove(r.runId());
    }
    StringBuilder unrecorded = new StringBuilder();
    ledgerSetAside.forEach(
        (run, reason) ->
            unrecorded.append(
                String.format(
                    "set aside (load ledger; its _failed/ record is missing): %s: %s;"
                        + " ./totes repair %s%n",
                    run, reason, run)));
    return String.format(
            "%nreconciliation with %s after run %s%nload       %s%n",
            warehouse.describe(), newest == null ? "none" : newest.runId(), load)
        + unrecorded
        + rows.render("  ");
  }

  private static String number(long n) {
    return String.format(Locale.US, "%,d", n);
  }
}
