package com.totaltotes.pipeline.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.S3Fixture;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ManifestStoreIntegrationTest {
  private static S3Fixture s3;

  @BeforeAll
  static void start() {
    s3 = S3Fixture.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private ManifestStore<IngestManifest> store() {
    return new ManifestStore<>(s3.store(), new JsonCodec(), s3.newBucket(), IngestManifest.class);
  }

  private static IngestManifest manifest(long seq, String instant) {
    RunId run = new RunId(seq, Instant.parse(instant));
    return new IngestManifest(
        run.toString(),
        run.startedAt(),
        run.startedAt().plusSeconds(3),
        600,
        List.of(
            new IngestManifest.Table(
                "address",
                null,
                LocalDateTime.parse("2022-11-03T14:20:52.186"),
                2,
                List.of(new FileEntry("address/dt=2026-11-24/x-00001.jsonl.gz", 2, 120, "ab")))));
  }

  @Test
  void writesReadsAndListsInRunOrder() {
    ManifestStore<IngestManifest> store = store();
    assertThat(store.latest()).isNull();
    store.write(manifest(2, "2026-11-24T10:10:00Z"));
    store.write(manifest(1, "2026-11-24T10:00:00Z"));
    store.write(manifest(10, "2026-11-24T09:00:00Z"));
    assertThat(store.runsAfter(null)).extracting(RunId::seq).containsExactly(1L, 2L, 10L);
    assertThat(store.runsAfter(RunId.parse("00000001-20261124T100000Z")))
        .extracting(RunId::seq)
        .containsExactly(2L, 10L);
    IngestManifest latest = store.latest();
    assertThat(latest).isEqualTo(manifest(10, "2026-11-24T09:00:00Z"));
    assertThat(latest.table("address").watermark())
        .isEqualTo(LocalDateTime.parse("2022-11-03T14:20:52.186"));
  }

  @Test
  void refusesSecondManifestWithSameSeq() {
    ManifestStore<IngestManifest> store = store();
    store.write(manifest(3, "2026-11-24T10:00:00Z"));
    assertThatThrownBy(() -> store.write(manifest(3, "2026-11-24T10:00:05Z")))
        .isInstanceOf(ManifestConflictException.class)
        .hasMessageContaining("seq 3");
    assertThat(store.runsAfter(null)).hasSize(1);
  }

  @Test
  void garbageUnderTheNameOfARunWithTheSameSeqDoesNotHoldTheSeq() throws Exception {
    ManifestStore<IngestManifest> store = store();
    RunId junk = RunId.parse("00000003-20200101T000000Z");
    put(store, junk, "junk");
    store.write(manifest(3, "2026-11-24T10:00:00Z"));
    assertThat(store.runsAfter(null))
        .extracting(RunId::toString)
        .containsExactly(junk.toString(), "00000003-20261124T100000Z");
    // a readable manifest of that seq still holds it
    assertThatThrownBy(() -> store.write(manifest(3, "2026-11-24T10:00:05Z")))
        .isInstanceOf(ManifestConflictException.class)
        .hasMessageContaining("00000003-20261124T100000Z");
  }

  @Test
  void aManifestUnderAnotherRunsNameIsNotThatRunsManifest() throws Exception {
    ManifestStore<IngestManifest> store = store();
    store.write(manifest(4, "2026-11-24T10:00:00Z"));
    RunId copy = RunId.parse("00000099-20261124T100000Z");
    try (InputStream in =
        s3.store()
            .open(store.bucket(), ManifestStore.key(RunId.parse("00000004-20261124T100000Z")))) {
      put(store, copy, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> store.read(copy))
        .isInstanceOf(MalformedObjectException.class)
        .hasMessageContaining("is the manifest of run 00000004-20261124T100000Z")
        .matches(e -> ((MalformedObjectException) e).permanent());
    assertThat(store.readOrNull(copy)).isNull();
    assertThat(store.newestReadable(store.runsAfter(null), 2).runId())
        .isEqualTo("00000004-20261124T100000Z");
  }

  private static void put(ManifestStore<?> store, RunId run, String text) throws Exception {
    try (ObjectOutput out = s3.store().create(store.bucket(), ManifestStore.key(run))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void truncatedManifestIsReportedWithItsKey() throws Exception {
    ManifestStore<IngestManifest> store = store();
    RunId run = RunId.parse("00000001-20261124T100000Z");
    put(store, run, "{\"run_id\":\"00000001-2026");
    assertThatThrownBy(() -> store.read(run))
        .isInstanceOf(MalformedObjectException.class)
        .hasMessageContaining("_manifests/00000001-20261124T100000Z.json");
  }

  // ------------------------------------------------------------ seq claims (issue 26)

  @Test
  void aClaimHoldsItsSeqEvenWhenTheManifestIsGoneAndTheManifestIsWrittenAgainFromIt() {
    ManifestStore<IngestManifest> store = store();
    store.write(manifest(1, "2026-11-24T10:00:00Z"));
    IngestManifest second = manifest(2, "2026-11-24T10:10:00Z");
    store.write(second);
    // the writer died between claim and manifest, or someone deleted the manifest
    deleteObject(store, ManifestStore.key(second.run()));
    assertThat(store.runsAfter(null)).extracting(RunId::seq).containsExactly(1L);
    assertThatThrownBy(() -> store.write(manifest(2, "2026-11-24T10:10:07Z")))
        .isInstanceOf(ManifestConflictException.class)
        .hasMessageContaining("claimed by run 00000002-20261124T101000Z")
        .hasMessageContaining("_claims/00000002/0.json");

    ManifestStore.Restored restored = store.restoreClaimed(store.listing(null));
    assertThat(restored.manifests()).isEqualTo(1);
    assertThat(restored.listing().runs()).extracting(RunId::seq).containsExactly(1L, 2L);
    assertThat(store.read(second.run())).isEqualTo(second);
    // nothing left to restore: the listing comes back as it was
    ManifestStore.Listing now = store.listing(null);
    assertThat(store.restoreClaimed(now)).isEqualTo(new ManifestStore.Restored(now, 0));
  }

  @Test
  void manifestsGoneInTheMiddleOfTheChainAreWrittenAgainFromTheirClaimsNarrowOrWideGaps() {
    ManifestStore<IngestManifest> store = store();
    IngestManifest one = manifest(1, "2026-11-24T10:00:00Z");
    IngestManifest two = manifest(2, "2026-11-24T10:10:00Z");
    IngestManifest three = manifest(3, "2026-11-24T10:20:00Z");
    // the chain jumped over a garbage object named like seq 500: seqs 4 to 499 never existed
    IngestManifest far = manifest(500, "2026-11-24T10:30:00Z");
    IngestManifest next = manifest(501, "2026-11-24T10:40:00Z");
    for (IngestManifest m : List.of(one, two, three, far, next)) {
      store.write(m);
    }
    deleteObject(store, ManifestStore.key(two.run()));
    deleteObject(store, ManifestStore.key(far.run()));

    ManifestStore.Restored restored = store.restoreGaps(store.listing(null), null);
    assertThat(restored.manifests()).isEqualTo(2);
    assertThat(restored.listing().runs())
        .extracting(RunId::seq)
        .containsExactly(1L, 2L, 3L, 500L, 501L);
    assertThat(store.read(two.run())).isEqualTo(two);
    assertThat(store.read(far.run())).isEqualTo(far);
    // nothing gone: the listing comes back as it was; from a later run on, only what follows it
    ManifestStore.Listing now = store.listing(null);
    assertThat(store.restoreGaps(now, null)).isEqualTo(new ManifestStore.Restored(now, 0));
    deleteObject(store, ManifestStore.key(one.run()));
    assertThat(store.restoreGaps(store.listing(two.run()), two.run()).manifests())
        .as("seq 1 is before the runs asked about")
        .isZero();
  }

  @Test
  void garbageInAClaimSlotMovesTheClaimToTheNextSlotForEveryWriter() throws Exception {
    ManifestStore<IngestManifest> store = store();
    try (ObjectOutput out = s3.store().create(store.bucket(), ManifestStore.claimKey(5, 0))) {
      out.write("junk".getBytes(StandardCharsets.UTF_8));
    }
    IngestManifest first = manifest(5, "2026-11-24T10:00:00Z");
    store.write(first);
    assertThat(s3.store().exists(store.bucket(), ManifestStore.claimKey(5, 1))).isTrue();
    deleteObject(store, ManifestStore.key(first.run()));
    assertThatThrownBy(() -> store.write(manifest(5, "2026-11-24T10:00:09Z")))
        .isInstanceOf(ManifestConflictException.class)
        .hasMessageContaining("claimed by run 00000005-20261124T100000Z");
    assertThat(store.restoreClaimed(new ManifestStore.Listing(List.of(), List.of())).manifests())
        .as("no claim of seq 1: nothing to restore from an empty chain")
        .isZero();
  }

  @Test
  void aClaimOfAnotherSeqInASlotHoldsNothing() throws Exception {
    ManifestStore<IngestManifest> store = store();
    store.write(manifest(6, "2026-11-24T10:00:00Z"));
    // a copy of seq 6's claim under seq 7's first slot: not seq 7's claim
    try (InputStream in = s3.store().open(store.bucket(), ManifestStore.claimKey(6, 0));
        ObjectOutput out = s3.store().create(store.bucket(), ManifestStore.claimKey(7, 0))) {
      in.transferTo(out);
    }
    store.write(manifest(7, "2026-11-24T10:10:00Z"));
    assertThat(store.runsAfter(null)).extracting(RunId::seq).containsExactly(6L, 7L);
    assertThat(s3.store().exists(store.bucket(), ManifestStore.claimKey(7, 1))).isTrue();
  }

  // ------------------------------------------------------- bounded listings (issue 26)

  @Test
  void theRecentListingFollowsTheHintNotTheHistory() throws Exception {
    String bucket = s3.newBucket();
    List<String> listed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    ManifestStore<IngestManifest> store =
        new ManifestStore<>(counting(listed), new JsonCodec(), bucket, IngestManifest.class);
    Instant t = Instant.parse("2026-11-24T00:00:00Z");
    // the history from several threads (each seq is its own claim and manifest), the newest last
    java.util.stream.IntStream.rangeClosed(1, 249)
        .parallel()
        .forEach(seq -> store.write(manifest(seq, t.plusSeconds(600L * seq).toString())));
    store.write(manifest(250, t.plusSeconds(600L * 250).toString()));
    listed.clear();
    ManifestStore.Listing recent = store.recent();
    assertThat(recent.complete()).isFalse();
    assertThat(recent.runs()).hasSize(ManifestStore.RECENT_RUNS);
    assertThat(recent.runs().get(0).seq()).isEqualTo(151);
    assertThat(recent.runs().get(recent.runs().size() - 1).seq()).isEqualTo(250);
    assertThat(listed)
        .as("keys the store listed: the recent runs' manifests, not the 250 of the history")
        .hasSize(ManifestStore.RECENT_RUNS);

    // a hint that names no manifest, or is not a run id, is not trusted: every manifest is listed
    for (String hint : List.of("00000999-20261124T000000Z", "garbage")) {
      try (ObjectOutput out = s3.store().create(bucket, ManifestStore.LATEST)) {
        out.write(hint.getBytes(StandardCharsets.UTF_8));
      }
      ManifestStore.Listing all = store.recent();
      assertThat(all.complete()).isTrue();
      assertThat(all.runs()).hasSize(250);
    }
    // the next manifest writes the hint again
    store.write(manifest(251, "2026-12-24T00:00:00Z"));
    assertThat(store.recent().runs()).hasSize(ManifestStore.RECENT_RUNS);
    deleteObject(store, ManifestStore.LATEST);
    assertThat(store.recent().runs()).as("no hint: every run").hasSize(251);
  }

  /** The real store, with every key its listings return recorded. */
  private static com.totaltotes.pipeline.storage.ObjectStore counting(List<String> listed) {
    com.totaltotes.pipeline.storage.ObjectStore real = s3.store();
    return new com.totaltotes.pipeline.storage.ObjectStore() {
      @Override
      public ObjectOutput create(String bucket, String key) {
        return real.create(bucket, key);
      }

      @Override
      public InputStream open(String bucket, String key) {
        return real.open(bucket, key);
      }

      @Override
      public List<String> list(String bucket, String prefix, String startAfter) {
        List<String> keys = real.list(bucket, prefix, startAfter);
        listed.addAll(keys);
        return keys;
      }

      @Override
      public boolean createIfAbsent(String bucket, String key, byte[] bytes) {
        return real.createIfAbsent(bucket, key, bytes);
      }

      @Override
      public boolean exists(String bucket, String key) {
        return real.exists(bucket, key);
      }
    };
  }

  private static void deleteObject(ManifestStore<?> store, String key) {
    s3.client().deleteObject(b -> b.bucket(store.bucket()).key(key));
  }
}
