package com.totaltotes.pipeline.cli;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RunId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the manifests of a workspace say: the last runs of extract and transform, the watermarks
 * of the newest extract, rows and rejects. Reads manifests only; changes nothing.
 */
public final class StatusReport {
  private final WorkspaceSession workspace;
  private final JsonCodec json = new JsonCodec();

  public StatusReport(WorkspaceSession workspace) {
    this.workspace = workspace;
  }

  /** The status as text, listing at most {@code lastRuns} runs. */
  public String render(int lastRuns) {
    ManifestStore<IngestManifest> ingest = new ManifestStore<>(
        workspace.store(), json, workspace.buckets().ingest(), IngestManifest.class);
    ManifestStore<ProcessedManifest> processed = new ManifestStore<>(
        workspace.store(), json, workspace.buckets().processed(), ProcessedManifest.class);
    List<RunId> ingestRuns = ingest.runsAfter(null);
    List<RunId> processedRuns = processed.runsAfter(null);
    StringBuilder out = new StringBuilder("store      " + workspace.describe() + " (buckets "
        + workspace.buckets().ingest() + ", " + workspace.buckets().processed() + ")\n");
    if (ingestRuns.isEmpty()) {
      return out.append("runs       none yet\n").toString();
    }
    RunId lastProcessed = processedRuns.isEmpty() ? null : processedRuns.get(processedRuns.size() - 1);
    long pending = ingestRuns.stream().filter(r -> lastProcessed == null || r.compareTo(lastProcessed) > 0).count();
    out.append(String.format(Locale.US, "extract    %d run(s), latest %s%n", ingestRuns.size(),
        ingestRuns.get(ingestRuns.size() - 1)));
    out.append(String.format(Locale.US, "transform  %d run(s), latest %s; %d ingest run(s) pending%n",
        processedRuns.size(), lastProcessed == null ? "none" : lastProcessed, pending));

    Set<String> done = new HashSet<>();
    processedRuns.forEach(r -> done.add(r.toString()));
    TextTable runs = new TextTable(List.of("run", "finished (UTC)", "extracted", "transformed", "rejected"));
    List<RunId> shown = ingestRuns.subList(Math.max(0, ingestRuns.size() - lastRuns), ingestRuns.size());
    IngestManifest newest = null;
    for (int i = shown.size() - 1; i >= 0; i--) {
      RunId run = shown.get(i);
      IngestManifest m = ingest.read(run);
      newest = newest == null ? m : newest;
      ProcessedManifest p = done.contains(run.toString()) ? processed.read(run) : null;
      runs.add(List.of(run.toString(), String.valueOf(m.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), number(m.totalRows()),
          p == null ? "pending" : number(p.totalRows()), p == null ? "-" : number(p.rejects())));
    }
    out.append(String.format("%nlast %d run(s)%n", shown.size())).append(runs.render("  "));

    TextTable marks = new TextTable(List.of("table", "rows", "since", "watermark"));
    for (IngestManifest.Table t : newest.tables()) {
      marks.add(List.of(t.table(), number(t.rows()), t.since() == null ? "(all rows)" : t.since().toString(),
          t.watermark() == null ? "(no rows yet)" : t.watermark().toString()));
    }
    out.append(String.format("%nwatermarks after run %s%n", newest.runId())).append(marks.render("  "));
    return out.toString();
  }

  private static String number(long n) {
    return String.format(Locale.US, "%,d", n);
  }
}
