package com.totaltotes.pipeline.testing;

import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.embedded.SecretsManagerStub;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts, for a {@code @QuarkusTest}, everything a function talks to: a real PostgreSQL with the
 * {@code totesys} and {@code warehouse} databases, a real S3 server with an ingest and a processed
 * bucket (fresh names per start), and a Secrets Manager stub serving an RDS secret for each
 * database. The returned properties point the function's configuration at them.
 *
 * <p>Tests reach the running services through {@link #services()}.
 */
public class PipelineTestResource implements QuarkusTestResourceLifecycleManager {
  public static final String TOTESYS_SECRET = "totes/test/totesys";
  public static final String WAREHOUSE_SECRET = "totes/test/warehouse";

  /** The functions' database role and its password: tests assert it never shows in a log line. */
  public static final String DB_USER = "pipeline";

  public static final String DB_PASSWORD = "Tq7-vX9!secret-Pa55";

  private static volatile Services current;

  /** The running services, each a real server. */
  public record Services(
      EmbeddedPostgresServer postgres,
      EmbeddedS3Server s3,
      SecretsManagerStub secrets,
      String ingestBucket,
      String processedBucket) {}

  public static Services services() {
    if (current == null) {
      throw new IllegalStateException("PipelineTestResource is not started");
    }
    return current;
  }

  @Override
  public Map<String, String> start() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Services s = startServices("ingest-" + suffix, "processed-" + suffix);
    int pgPort = s.postgres().port();
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.s3.endpoint-override", s.s3().endpoint().toString());
    config.put("quarkus.s3.aws.region", EmbeddedS3Server.REGION);
    config.put("quarkus.s3.path-style-access", "true");
    config.put("quarkus.s3.aws.credentials.type", "static");
    config.put(
        "quarkus.s3.aws.credentials.static-provider.access-key-id", EmbeddedS3Server.ACCESS_KEY);
    config.put(
        "quarkus.s3.aws.credentials.static-provider.secret-access-key",
        EmbeddedS3Server.SECRET_KEY);
    config.put("secrets.endpoint-override", s.secrets().endpoint().toString());
    config.put("secrets.access-key-id", "test-access");
    config.put("secrets.secret-access-key", "test-secret");
    // what the template resolves from the secrets at deploy time: host, port and database
    config.put(
        "quarkus.datasource.totesys.jdbc.url",
        "jdbc:postgresql://localhost:" + pgPort + "/totesys");
    config.put(
        "quarkus.datasource.warehouse.jdbc.url",
        "jdbc:postgresql://localhost:" + pgPort + "/warehouse");
    config.put("totesys-secret-id", TOTESYS_SECRET);
    config.put("warehouse-secret-id", WAREHOUSE_SECRET);
    config.put("ingest-bucket", s.ingestBucket());
    config.put("processed-bucket", s.processedBucket());
    return config;
  }

  /**
   * Starts every service, with buckets of the given names and a secret for each database, and makes
   * them {@link #services()} until {@link #stop()}: what {@link #start()} does for a
   * {@code @QuarkusTest}, for tests that run the function as its own process.
   */
  public static Services startServices(String ingest, String processed) {
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
    pg.createDatabase("totesys");
    pg.createDatabase("warehouse");
    try (var c = pg.connect("postgres");
        var st = c.createStatement()) {
      st.execute("create role " + DB_USER + " login superuser password '" + DB_PASSWORD + "'");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create the pipeline role", e);
    }
    pg.requirePasswords();
    EmbeddedS3Server s3 = EmbeddedS3Server.startInMemory();
    s3.createBucket(ingest);
    s3.createBucket(processed);
    SecretsManagerStub secrets = new SecretsManagerStub();
    secrets.putSecret(
        TOTESYS_SECRET,
        SecretsManagerStub.rdsSecret("localhost", pg.port(), DB_USER, DB_PASSWORD, "totesys"));
    secrets.putSecret(
        WAREHOUSE_SECRET,
        SecretsManagerStub.rdsSecret("localhost", pg.port(), DB_USER, DB_PASSWORD, "warehouse"));
    current = new Services(pg, s3, secrets, ingest, processed);
    return current;
  }

  @Override
  public void stop() {
    Services s = current;
    current = null;
    if (s != null) {
      s.secrets().close();
      s.s3().close();
      s.postgres().close();
    }
  }
}
