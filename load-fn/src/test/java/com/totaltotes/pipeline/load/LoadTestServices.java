package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real PostgreSQL and a real S3 server for the load tests, with a fresh warehouse database and
 * processed bucket on demand.
 */
final class LoadTestServices implements AutoCloseable {
  final EmbeddedPostgresServer pg;
  final EmbeddedS3Server s3server;
  final S3Client s3;
  final ObjectStore store;

  private LoadTestServices() {
    pg = EmbeddedPostgresServer.start();
    s3server = EmbeddedS3Server.startInMemory();
    s3 =
        S3Clients.forEndpoint(
            s3server.endpoint(),
            EmbeddedS3Server.REGION,
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    store = new S3ObjectStore(s3);
  }

  static LoadTestServices start() {
    return new LoadTestServices();
  }

  /** A new, empty warehouse database (not migrated). */
  String newWarehouse() {
    return pg.createDatabase("wh_" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** A new, empty processed bucket. */
  String newBucket() {
    String bucket = "processed-" + UUID.randomUUID().toString().substring(0, 8);
    s3server.createBucket(bucket);
    return bucket;
  }

  ConnectionSource source(String db) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            pg.port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            db));
  }

  LoadJob job(String db, String bucket, Path tempDir, LoadFaultHook faults) {
    return new LoadJob(
        source(db),
        store,
        new JsonCodec(),
        Clock.systemUTC(),
        new LoadConfig(bucket, tempDir),
        faults);
  }

  /** A job with the given bulk-load threshold (0: every run on the bulk path; MAX_VALUE: none). */
  LoadJob job(String db, String bucket, Path tempDir, long bulkThresholdRows) {
    return new LoadJob(
        source(db),
        store,
        new JsonCodec(),
        Clock.systemUTC(),
        new LoadConfig(bucket, tempDir, bulkThresholdRows),
        LoadFaultHook.NONE);
  }

  Connection connect(String db) throws SQLException {
    return pg.connect(db);
  }

  @Override
  public void close() {
    s3.close();
    s3server.close();
    pg.close();
  }
}
