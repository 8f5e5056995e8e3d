package com.totaltotes.pipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The object store against a real S3 HTTP server (S3Proxy). */
class S3ObjectStoreIntegrationTest {
  private static S3Fixture s3;
  private static ObjectStore store;
  private String bucket;

  @BeforeAll
  static void start() {
    s3 = S3Fixture.start();
    store = s3.store();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @BeforeEach
  void bucket() {
    bucket = s3.newBucket();
  }

  private void put(String key, byte[] bytes) throws Exception {
    try (ObjectOutput out = store.create(bucket, key)) {
      out.write(bytes);
    }
  }

  @Test
  void conditionalCreateNeverOverwrites() throws Exception {
    byte[] first = "first".getBytes(StandardCharsets.UTF_8);
    assertThat(store.createIfAbsent(bucket, "_manifests/x.json", first)).isTrue();
    assertThat(
            store.createIfAbsent(
                bucket, "_manifests/x.json", "second".getBytes(StandardCharsets.UTF_8)))
        .as("If-None-Match: * on an existing key")
        .isFalse();
    try (InputStream in = store.open(bucket, "_manifests/x.json")) {
      assertThat(in.readAllBytes()).isEqualTo(first);
    }
    assertThat(store.createIfAbsent(bucket, "_manifests/y.json", first)).as("another key").isTrue();
    assertThat(store.createIfAbsent(bucket, "_manifests/x.json.bak", first))
        .as("a longer key")
        .isTrue();
    put("t/dt=1/r2-00001.jsonl.gz", "data".getBytes(StandardCharsets.UTF_8));
    assertThat(
            store.createIfAbsent(
                bucket, "_manifests/z.json", "{\"run\":2}".getBytes(StandardCharsets.UTF_8)))
        .as("after a plain put")
        .isTrue();
  }

  @Test
  void smallObjectRoundTrips() throws Exception {
    byte[] data = "héllo, 東京\n".getBytes(StandardCharsets.UTF_8);
    put("a/b c=1.txt", data);
    try (InputStream in = store.open(bucket, "a/b c=1.txt")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(store.exists(bucket, "a/b c=1.txt")).isTrue();
    assertThat(store.exists(bucket, "a/nope")).isFalse();
  }

  @Test
  void largeObjectIsStreamedInPartsAndRoundTrips() throws Exception {
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 20];
    long size = 0;
    String reported;
    try (ObjectOutput out = store.create(bucket, "big.bin")) {
      for (int i = 0; i < 21; i++) { // 21 MiB: three parts of 8 MiB
        random.nextBytes(chunk);
        out.write(chunk);
        written.update(chunk);
        size += chunk.length;
      }
      assertThat(out.size()).isEqualTo(size);
      reported = out.crc32c();
    }
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    java.util.zip.CRC32C readCrc = new java.util.zip.CRC32C();
    long readSize = 0;
    try (InputStream in = store.open(bucket, "big.bin")) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        read.update(buf, 0, n);
        readCrc.update(buf, 0, n);
        readSize += n;
      }
    }
    assertThat(readSize).isEqualTo(21L << 20);
    String expected = HexFormat.of().formatHex(written.digest());
    assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(expected);
    assertThat(reported)
        .as("the CRC-32C the store reports for a manifest, of the bytes read back")
        .isEqualTo(String.format("%08x", readCrc.getValue()))
        .hasSize(8);
  }

  @Test
  void listsInKeyOrderAfterStartKeyAcrossPages() throws Exception {
    List<String> expected = new ArrayList<>();
    // written from several threads, in no particular order: the listing sorts them
    java.util.stream.IntStream.rangeClosed(1, 1100)
        .parallel()
        .forEach(
            i -> {
              try {
                put(String.format("p/%05d", i), new byte[] {1});
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    put("q/other", new byte[] {1});
    for (int i = 1; i <= 1100; i++) {
      expected.add(String.format("p/%05d", i));
    }
    assertThat(store.list(bucket, "p/", null)).containsExactlyElementsOf(expected);
    assertThat(store.list(bucket, "p/", "p/01095"))
        .containsExactly("p/01096", "p/01097", "p/01098", "p/01099", "p/01100");
  }

  @Test
  void abortedUploadLeavesNoObject() throws Exception {
    ObjectOutput out = store.create(bucket, "aborted");
    out.write(new byte[10]);
    out.abort();
    out.close();
    assertThat(store.exists(bucket, "aborted")).isFalse();
  }

  @Test
  void missingKeyNamesBucketAndKey() {
    assertThatThrownBy(() -> store.open(bucket, "no/such.key"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("s3://" + bucket + "/no/such.key");
  }

  @Test
  void missingBucketNamesTheBucket() {
    assertThatThrownBy(() -> store.list("no-such-bucket-x", "p/", null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("no-such-bucket-x")
        .matches(e -> ((StorageException) e).permanent());
    assertThatThrownBy(() -> store.create("no-such-bucket-x", "k").close())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("s3://no-such-bucket-x/k");
  }

  @Test
  void unreachableEndpointIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (S3Client down =
        S3Clients.forEndpoint(URI.create("http://127.0.0.1:" + port), "us-east-1", "a", "b")) {
      assertThatThrownBy(() -> new S3ObjectStore(down).list("bucket-x", "", null))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("unreachable")
          .matches(e -> !((StorageException) e).permanent());
    }
  }
}
