package com.totaltotes.pipeline.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.totaltotes.pipeline.json.JsonCodec;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ingest manifest's JSON is a contract with every manifest already in a bucket and with the
 * transform: each table entry is one flat object, whatever records the code nests it into.
 */
class IngestManifestJsonTest {
  private final JsonCodec json = new JsonCodec();

  /** A table entry with every field set, as the extract has written them since issue 27. */
  private static final String FULL =
      """
      {"run_id":"00000042-20261207T101500Z","started_at":"2026-12-07T10:15:00Z",
       "finished_at":"2026-12-07T10:15:03.250Z","lookback_seconds":900,
       "tables":[{"table":"sales_order","since":"2026-12-07T09:50:00","watermark":"2026-12-07T10:14:59.123",
         "rows":7,"files":[{"key":"sales_order/dt=2026-12-07/a-1.jsonl.gz","rows":5,"bytes":300,"sha256":"ab"},
                           {"key":"sales_order/dt=2026-12-07/a-late-1.jsonl.gz","rows":2,"bytes":120,"sha256":"cd"}],
         "future_rows":1,"carried_files":0,
         "ids":{"key":"_ids/a/sales_order.roaring.gz","rows":1000,"bytes":80,"sha256":"ef"},
         "deleted_rows":3,"deletions":[{"key":"_ids/a/sales_order.deletions.jsonl.gz","rows":3,"bytes":40,"sha256":"01"}],
         "read_to":{"last_updated":"2026-12-07T10:14:59.123","id":812},"read_at":"2026-12-07T10:15:00.011",
         "backlog_rows":25,"late_rows":2}],
       "database_clock":"2026-12-07T10:15:00.011","repairs":[],"source_snapshot":"100:105:"}
      """;

  /** A table entry as written before bounded runs and key sets: none of their fields. */
  private static final String OLD =
      """
      {"run_id":"00000001-20250101T000000Z","started_at":"2025-01-01T00:00:00Z",
       "finished_at":"2025-01-01T00:00:01Z","lookback_seconds":900,
       "tables":[{"table":"staff","since":null,"watermark":"2024-12-31T23:59:00.000","rows":2,
         "files":[{"key":"staff/dt=2025-01-01/b-1.jsonl.gz","rows":2,"bytes":90,"sha256":"aa"}]}]}
      """;

  @Test
  void aFullEntryReadsIntoItsPartsAndWritesBackTheSameFlatObject() throws Exception {
    IngestManifest m = json.mapper().readValue(FULL, IngestManifest.class);
    IngestManifest.Table t = m.table("sales_order");
    assertEquals(7, t.read().rows());
    assertEquals(2, t.read().files().size());
    assertEquals(1, t.read().futureRows());
    assertEquals(2, t.read().lateRows());
    assertEquals(LocalDateTime.parse("2026-12-07T10:14:59.123"), t.checkpoint().watermark());
    assertEquals(
        new IngestManifest.Position(LocalDateTime.parse("2026-12-07T10:14:59.123"), 812),
        t.checkpoint().readTo());
    assertEquals(25, t.checkpoint().backlogRows());
    assertEquals("_ids/a/sales_order.roaring.gz", t.checkpoint().ids().key());
    assertEquals(3, t.deleted().rows());
    assertEquals(1, t.deleted().files().size());

    JsonNode written = json.mapper().readTree(json.write(m));
    assertEquals(json.mapper().readTree(FULL), written);
    assertEquals(
        List.of(
            "table",
            "since",
            "watermark",
            "rows",
            "files",
            "future_rows",
            "carried_files",
            "ids",
            "deleted_rows",
            "deletions",
            "read_to",
            "read_at",
            "backlog_rows",
            "late_rows"),
        fieldNames(written.get("tables").get(0)),
        "the entry's fields keep the order manifests have always had");
  }

  @Test
  void anEntryWrittenBeforeBoundedRunsAndKeySetsReadsWithTheirDefaults() throws Exception {
    IngestManifest m = json.mapper().readValue(OLD, IngestManifest.class);
    IngestManifest.Table t = m.table("staff");
    assertEquals(2, t.rows());
    assertNull(t.since());
    assertNull(t.checkpoint().readTo());
    assertNull(t.checkpoint().ids());
    assertEquals(0, t.checkpoint().backlogRows());
    assertTrue(t.complete());
    assertEquals(List.of(), t.deletions());
    assertNull(m.sourceSnapshot());
    assertEquals(List.of(), m.repairs());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
