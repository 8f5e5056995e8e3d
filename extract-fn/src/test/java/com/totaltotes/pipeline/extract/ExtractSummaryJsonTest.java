package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extract summary's JSON (the function's response, the {@code extract summary} log line, the
 * runner's report) is a contract: per-table maps keyed by table name, in the same order of fields.
 */
class ExtractSummaryJsonTest {
  private static final LocalDateTime T = LocalDateTime.parse("2026-12-07T10:00:00.123");

  @Test
  void theSummaryOfARunKeepsItsFieldsAndPerTableMaps() throws Exception {
    List<IngestManifest.Table> tables = new ArrayList<>();
    long n = 1;
    for (SourceTable t : SourceTable.values()) {
      tables.add(
          new IngestManifest.Table(
              t.tableName(),
              null,
              new IngestManifest.Read(n, List.of(), 0, 0, 0),
              new IngestManifest.Checkpoint(
                  t == SourceTable.PAYMENT ? null : T,
                  new IngestManifest.Position(T, n),
                  T,
                  t == SourceTable.PAYMENT ? 7 : 0,
                  new FileEntry("_ids/" + t.tableName(), 10 * n, 1, "ab")),
              new IngestManifest.Deletions(t == SourceTable.STAFF ? 2 : 0, List.of())));
      n++;
    }
    Instant at = Instant.parse("2026-12-07T10:00:01Z");
    IngestManifest manifest =
        new IngestManifest(
            "00000002-20261207T100000Z", at, at.plusMillis(250), 600, tables, T, List.of(), "1:1:");
    ExtractSummary summary = ExtractSummary.of(manifest, null, 1, 2, 3, 4, false);

    JsonNode json = new JsonCodec().mapper().readTree(new JsonCodec().write(summary));
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "run_id",
            "rows",
            "rows_per_table",
            "watermarks",
            "duration_ms",
            "future_rows",
            "late_rows",
            "schema_drift",
            "stray_manifest_keys",
            "repairs",
            "deleted_per_table",
            "source_rows_per_table",
            "backlog_per_table",
            "manifests_restored",
            "key_sets_lost",
            "positions_moved",
            "snapshot_not_comparable");
    List<String> names = new ArrayList<>();
    json.get("rows_per_table").fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(SourceTable.values()).map(SourceTable::tableName).toList());
    assertThat(json.get("rows").asLong()).isEqualTo(66); // 1 + 2 + … + 11
    assertThat(json.get("watermarks").get("payment").isNull()).isTrue();
    assertThat(json.get("watermarks").get("staff").asText()).isEqualTo("2026-12-07T10:00:00.123");
    assertThat(json.get("deleted_per_table").get("staff").asLong()).isEqualTo(2);
    assertThat(json.get("source_rows_per_table").get("address").asLong()).isEqualTo(10);
    assertThat(json.get("backlog_per_table").get("payment").asLong()).isEqualTo(7);
    assertThat(json.get("duration_ms").asLong()).isEqualTo(250);
    assertThat(json.get("positions_moved").asBoolean()).isTrue();
    assertThat(summary.backlogRows()).isEqualTo(7);
    assertThat(summary.next()).isEqualTo(ExtractSummary.Next.CONTINUE);
  }
}
