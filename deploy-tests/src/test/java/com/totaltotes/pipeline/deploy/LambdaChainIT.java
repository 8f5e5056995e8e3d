package com.totaltotes.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.cli.Pipeline;
import com.totaltotes.pipeline.cli.Workspace;
import com.totaltotes.pipeline.cli.WorkspaceSession;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import com.totaltotes.pipeline.embedded.EmbeddedPostgresServer;
import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.generator.TotesysGenerator;
import com.totaltotes.pipeline.storage.S3Clients;
import com.totaltotes.pipeline.storage.S3ObjectStore;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import com.totaltotes.pipeline.testing.lambda.LambdaEvents;
import com.totaltotes.pipeline.testing.lambda.PackagedFunction;
import com.totaltotes.pipeline.testing.lambda.PackagedFunctionExtension;
import com.totaltotes.pipeline.testing.sam.TemplateEvaluator;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The event chain as AWS drives it: the three packaged functions ({@code function.zip}) run as
 * their own processes, each polling its Lambda Runtime API and configured by the environment {@code
 * sam/template.yaml} gives it. The test is EventBridge and S3: it sends the Scheduled Event to
 * extract, and turns every manifest that appears in a bucket into the {@code ObjectCreated:Put}
 * notification AWS would send (the shape of {@code sam/events/}) for the function the template
 * subscribes, delivering some twice and some late and out of order, as S3 may. Beside it, the same
 * source is run through the local runner's path ({@code ./totes run}: {@link Pipeline}) into a
 * second warehouse at the same moments; both warehouses must end equal, row for row.
 *
 * <p>The stack caps an extract run at {@value #ROWS_PER_RUN} rows, so the initial load is a backlog
 * of several bounded runs: each run that leaves rows writes {@code _continue/extract/…json} to the
 * ingest bucket, and the test delivers that object's notification to extract, as the template's
 * notification does, until no request is left (the self-trigger of issue 16, through the packaged
 * function).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaChainIT {
  private static final Duration INVOCATION_TIMEOUT = Duration.ofMinutes(2);
  private static final int ROWS_PER_RUN = 500;
  private static final String EXTRACT_REQUESTS = "_continue/extract/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineTestResource.Services services;
  private PackagedFunction extract;
  private PackagedFunction transform;
  private PackagedFunction load;
  private S3Client s3;
  private Path workDir;
  private ConnectionSource source;
  private ConnectionSource lambdaWarehouse;
  private ConnectionSource runnerWarehouse;
  private final Set<String> seenKeys = new HashSet<>();
  private long changeSeed = 500;

  @BeforeAll
  void startServicesAndFunctions() throws IOException, SQLException {
    TemplateEvaluator stack =
        PackagedFunctionExtension.testStack(
            "chain" + UUID.randomUUID().toString().substring(0, 6),
            "ExtractMaxRowsPerRun",
            String.valueOf(ROWS_PER_RUN));
    services =
        PipelineTestResource.startServices(
            PackagedFunctionExtension.bucketName(stack, "IngestBucket"),
            PackagedFunctionExtension.bucketName(stack, "ProcessedBucket"));
    Map<String, String> endpoints = PackagedFunctionExtension.localEndpoints(services);
    extract = start(stack, "ExtractFunction", endpoints);
    transform = start(stack, "TransformFunction", endpoints);
    load = start(stack, "LoadFunction", endpoints);
    s3 =
        S3Clients.forEndpoint(
            services.s3().endpoint(),
            EmbeddedS3Server.REGION,
            EmbeddedS3Server.ACCESS_KEY,
            EmbeddedS3Server.SECRET_KEY);
    source = database("totesys");
    lambdaWarehouse = database("warehouse");
    runnerWarehouse = database(services.postgres().createDatabase("warehouse_runner"));
    workDir = Files.createTempDirectory("totes-chain");
    try (Connection c = source.open()) {
      new TotesysGenerator().seed(c, 300, 23);
    }
  }

  @AfterAll
  void stopEverything() throws IOException {
    for (PackagedFunction f : new PackagedFunction[] {extract, transform, load}) {
      if (f != null) {
        f.close();
      }
    }
    if (s3 != null) {
      s3.close();
    }
    new PipelineTestResource().stop();
    if (workDir != null) {
      try (Stream<Path> files = Files.walk(workDir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  void scheduledAndS3EventsDeliveredTwiceLateAndOutOfOrderEndInTheRunnersWarehouse()
      throws Exception {
    // the first tick: the initial load, a backlog of bounded runs, each asking for the next
    tick();
    assertThat(followExtractRequests()).as("bounded runs after the first").isPositive();
    runnerCycle();
    List<String> firstIngest = newKeys(services.ingestBucket(), "_manifests/");
    assertThat(firstIngest).hasSizeGreaterThan(1);
    // every notification of the first manifest arrives twice, the others newest first
    notify(transform, services.ingestBucket(), firstIngest.get(0));
    for (String key : newestFirst(firstIngest)) {
      notify(transform, services.ingestBucket(), key);
    }
    List<String> firstProcessed = newKeys(services.processedBucket(), "_manifests/");
    assertThat(firstProcessed).hasSameSizeAs(firstIngest);
    notify(load, services.processedBucket(), firstProcessed.get(0));
    for (String key : newestFirst(firstProcessed)) {
      notify(load, services.processedBucket(), key);
    }

    // two more ticks with writers in between; their notifications come late, the newest first.
    // Before the first, every sales order, transaction and payment is stamped five years ahead:
    // more future-dated rows than a run's cap, which used to make each run ask for another for
    // good (issue 27); the requests followed stay bounded (followExtractRequests fails past 50)
    change();
    try (Connection c = source.open();
        java.sql.Statement s = c.createStatement()) {
      for (String table : List.of("sales_order", "transaction", "payment")) {
        s.execute("update " + table + " set last_updated = localtimestamp(3) + interval '5 years'");
      }
    }
    assertThat(
            count(source, "sales_order") + count(source, "transaction") + count(source, "payment"))
        .isGreaterThan(ROWS_PER_RUN);
    tick();
    assertThat(followExtractRequests())
        .as("continuations with more future-dated rows than the cap")
        .isLessThan(5);
    runnerCycle();
    change();
    tick();
    followExtractRequests();
    runnerCycle();
    List<String> laterIngest = newKeys(services.ingestBucket(), "_manifests/");
    assertThat(laterIngest).hasSizeGreaterThanOrEqualTo(2);
    for (String key : newestFirst(laterIngest)) {
      notify(transform, services.ingestBucket(), key);
    }
    notify(transform, services.ingestBucket(), laterIngest.get(laterIngest.size() - 1));
    List<String> laterProcessed = newKeys(services.processedBucket(), "_manifests/");
    assertThat(laterProcessed).hasSameSizeAs(laterIngest);
    for (String key : newestFirst(laterProcessed)) {
      notify(load, services.processedBucket(), key);
    }

    assertThat(query(lambdaWarehouse, "select run_id from load_ledger order by run_id"))
        .as("every run loaded, each once")
        .hasSize(firstIngest.size() + laterIngest.size())
        .doesNotHaveDuplicates();
    assertThat(count(lambdaWarehouse, "fact_sales_order")).isPositive();
    for (WarehouseTable table : WarehouseTable.values()) {
      assertThat(rows(lambdaWarehouse, table))
          .as("%s after the Lambda chain equals the runner's", table.tableName())
          .isEqualTo(rows(runnerWarehouse, table));
    }
    String logs = Files.readString(extract.log()) + Files.readString(load.log());
    assertThat(logs).doesNotContain(PipelineTestResource.DB_PASSWORD);
  }

  // ---------------------------------------------------------------- EventBridge and S3

  private PackagedFunction start(
      TemplateEvaluator stack, String function, Map<String, String> endpoints) {
    return PackagedFunction.start(
        stack,
        function,
        PackagedFunction.templateEnvironment(stack, function, services.secrets()),
        endpoints);
  }

  /** The schedule's event, as EventBridge sends it, with the time of now. */
  private void tick() throws IOException {
    answer(extract, LambdaEvents.scheduledTick(Instant.now()));
  }

  /** The S3 notification of {@code key} created in {@code bucket}, as S3 sends it. */
  private void notify(PackagedFunction function, String bucket, String key) throws IOException {
    long size = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
    answer(function, LambdaEvents.s3ObjectCreated(bucket, key, size, Instant.now()));
  }

  private void answer(PackagedFunction function, String event) throws IOException {
    PackagedFunction.Answer answer = function.invoke(event, INVOCATION_TIMEOUT);
    assertThat(answer.status()).as("%s answered %s", function, answer.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(answer.body());
    if (body.isObject() && body.has("failure")) {
      assertThat(body.get("failure").isNull()).as("no failure in %s", answer.body()).isTrue();
    }
  }

  /**
   * Delivers the notification of every continuation request extract writes, as the template's
   * notification on {@code _continue/extract/} does, until a run leaves none; returns how many.
   */
  private int followExtractRequests() throws IOException {
    int delivered = 0;
    for (List<String> requests = newKeys(services.ingestBucket(), EXTRACT_REQUESTS);
        !requests.isEmpty();
        requests = newKeys(services.ingestBucket(), EXTRACT_REQUESTS)) {
      assertThat(delivered).as("continuation requests followed").isLessThan(50);
      for (String key : requests) {
        notify(extract, services.ingestBucket(), key);
        delivered++;
      }
    }
    return delivered;
  }

  private static List<String> newestFirst(List<String> keys) {
    List<String> reversed = new ArrayList<>(keys);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  /** The keys under {@code prefix} that appeared in {@code bucket} since last asked, in order. */
  private List<String> newKeys(String bucket, String prefix) {
    List<String> fresh = new ArrayList<>();
    for (String key : new S3ObjectStore(s3).list(bucket, prefix, null)) {
      if (seenKeys.add(bucket + "/" + key)) {
        fresh.add(key);
      }
    }
    fresh.sort(null);
    return fresh;
  }

  // ---------------------------------------------------------------- the runner and the databases

  private void runnerCycle() {
    try (WorkspaceSession session = Workspace.local(workDir).open(true)) {
      new Pipeline(session, Clock.systemUTC(), report -> {}).cycle(source, runnerWarehouse);
    }
  }

  private void change() throws SQLException {
    try (Connection c = source.open()) {
      new TotesysGenerator().changeRound(c, changeSeed++);
    }
  }

  private ConnectionSource database(String name) {
    return ConnectionSource.fixed(
        new DatabaseLogin(
            "postgres",
            "localhost",
            services.postgres().port(),
            EmbeddedPostgresServer.USER,
            EmbeddedPostgresServer.PASSWORD,
            name));
  }

  /** The table's loaded columns (no surrogate key), every row, sorted. */
  private static List<String> rows(ConnectionSource db, WarehouseTable table) throws SQLException {
    List<String> rows =
        query(
            db,
            "select concat_ws('|', "
                + String.join(
                    ", ",
                    table.columnNames().stream()
                        .map(c -> "coalesce(" + c + "::text, 'NULL')")
                        .toList())
                + ") from "
                + table.tableName());
    rows.sort(null);
    return rows;
  }

  private static long count(ConnectionSource db, String table) throws SQLException {
    return Long.parseLong(query(db, "select count(*) from " + table).get(0));
  }

  private static List<String> query(ConnectionSource db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.open();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
