package com.totaltotes.pipeline.storage;

import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-memory S3 server (S3Proxy) with a client and an {@link ObjectStore} on it, for the tests of
 * this module: start once per test class, a fresh bucket per test, close at the end.
 */
public final class S3Fixture implements AutoCloseable {
  private final EmbeddedS3Server server;
  private final S3Client client;
  private final ObjectStore store;

  private S3Fixture() {
    server = EmbeddedS3Server.startInMemory();
    client =
        S3Clients.forEndpoint(
            server.endpoint(),
            EmbeddedS3Server.REGION,
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    store = new S3ObjectStore(client);
  }

  public static S3Fixture start() {
    return new S3Fixture();
  }

  public EmbeddedS3Server server() {
    return server;
  }

  public S3Client client() {
    return client;
  }

  public ObjectStore store() {
    return store;
  }

  /** Creates a bucket of a new name and returns the name. */
  public String newBucket() {
    String bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
    server.createBucket(bucket);
    return bucket;
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
