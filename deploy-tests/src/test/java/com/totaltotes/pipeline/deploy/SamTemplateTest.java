package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.FUNCTIONS;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.getAtt;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.list;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.ref;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.render;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What sam/template.yaml must guarantee (docs/DEPLOY.md): least-privilege roles, the wiring of
 * schedule and notifications, failure handling, alarms, and private, encrypted, TLS-only buckets.
 */
class SamTemplateTest {
  private static final SamTemplate T = SamTemplate.load();

  private static final String INGEST = "IngestBucket";
  private static final String PROCESSED = "ProcessedBucket";

  /** What each function may do to which bucket, as "action resource" pairs. */
  private static Set<String> grants(String... actionsOnResources) {
    return new TreeSet<>(List.of(actionsOnResources));
  }

  @Test
  void isASamTemplate() {
    assertThat(T.document().get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
    assertThat(T.document().get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
    assertThat(T.resourcesOfType("AWS::Serverless::Function")).containsOnlyKeys(FUNCTIONS.keySet());
  }

  // ------------------------------------------------------------------ policies

  @Test
  void extractMayListReadAndWriteOnlyTheIngestBucketAndReadOnlyTheTotesysSecret() {
    String ingest = T.bucketArn(INGEST);
    assertThat(s3Grants("ExtractFunction"))
        .isEqualTo(
            grants(
                "s3:ListBucket " + ingest,
                "s3:GetObject " + ingest + "/*",
                "s3:PutObject " + ingest + "/*",
                "s3:AbortMultipartUpload " + ingest + "/*"));
    assertThat(secretGrants("ExtractFunction"))
        .containsExactly("secretsmanager:GetSecretValue ${TotesysSecretArn}");
  }

  @Test
  void transformMayReadTheIngestBucketAndWriteOnlyTheProcessedBucketAndReadsNoSecret() {
    String ingest = T.bucketArn(INGEST);
    String processed = T.bucketArn(PROCESSED);
    assertThat(s3Grants("TransformFunction"))
        .isEqualTo(
            grants(
                "s3:ListBucket " + ingest,
                "s3:GetObject " + ingest + "/*",
                "s3:ListBucket " + processed,
                "s3:GetObject " + processed + "/*",
                "s3:PutObject " + processed + "/*",
                "s3:AbortMultipartUpload " + processed + "/*"));
    assertThat(secretGrants("TransformFunction")).isEmpty();
  }

  @Test
  void loadMayReadTheProcessedBucketWriteOnlyItsSetAsideRecordsAndReadTheWarehouseSecret() {
    String processed = T.bucketArn(PROCESSED);
    assertThat(s3Grants("LoadFunction"))
        .isEqualTo(
            grants(
                "s3:ListBucket " + processed,
                "s3:GetObject " + processed + "/*",
                "s3:PutObject " + processed + "/_failed/*",
                "s3:PutObject " + processed + "/_continue/load/*"));
    assertThat(secretGrants("LoadFunction"))
        .containsExactly("secretsmanager:GetSecretValue ${WarehouseSecretArn}");
  }

  @Test
  void loadMayPutNothingButSetAsideRecords() {
    // issue 12: load records a permanently failed run as _failed/<run>.json; a bucket-wide put
    // would let it overwrite the Parquet, state and manifests it reads
    for (Map<String, Object> statement : T.policyStatements("LoadFunction")) {
      List<String> actions = strings(statement.get("Action"));
      if (actions.stream()
          .anyMatch(
              a ->
                  !a.equals("s3:GetObject") && !a.equals("s3:ListBucket") && a.startsWith("s3:"))) {
        assertThat(actions).as("load's only S3 write").containsExactly("s3:PutObject");
        // issue 16: and its request for the next invocation under _continue/load/
        assertThat(strings(statement.get("Resource")))
            .as("load may put only under _failed/ or _continue/load/")
            .containsAnyOf(
                T.bucketArn(PROCESSED) + "/_failed/*", T.bucketArn(PROCESSED) + "/_continue/load/*")
            .hasSize(1);
      }
    }
  }

  @Test
  void transformMayWriteSetAsideRecordsInTheProcessedBucket() {
    // issue 12: transform records a permanently failed run as _failed/<run>.json too
    assertThat(s3Grants("TransformFunction"))
        .anySatisfy(
            grant ->
                assertThat(grant)
                    .isIn(
                        "s3:PutObject " + T.bucketArn(PROCESSED) + "/*",
                        "s3:PutObject " + T.bucketArn(PROCESSED) + "/_failed/*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ExtractFunction", "TransformFunction", "LoadFunction"})
  void noStatementGrantsAWildcardActionOrResource(String function) {
    for (Map<String, Object> statement : T.policyStatements(function)) {
      assertThat(statement)
          .as("%s: only Allow statements with explicit Action and Resource", function)
          .containsEntry("Effect", "Allow")
          .containsKeys("Action", "Resource")
          .doesNotContainKeys("NotAction", "NotResource", "Principal");
      List<String> actions = strings(statement.get("Action"));
      List<String> resources = strings(statement.get("Resource"));
      assertThat(actions)
          .as("%s actions", function)
          .allSatisfy(
              action -> {
                assertThat(action).doesNotContain("*");
                assertThat(action).matches("[a-z0-9-]+:[A-Za-z0-9]+");
              });
      assertThat(resources)
          .as("%s resources", function)
          .doesNotContain("*", "arn:aws:s3:::*", "arn:${AWS::Partition}:s3:::*");
      boolean data =
          actions.stream().anyMatch(a -> a.startsWith("s3:") || a.startsWith("secretsmanager:"));
      if (data) {
        assertThat(resources)
            .as("%s data resources", function)
            .allSatisfy(
                r -> assertThat(r).doesNotStartWith("*").doesNotContain(":*").doesNotContain("*/"));
      }
    }
  }

  @Test
  void policiesAndEnvironmentNameTheBucketsLiterallyNotThroughTheBucketResources() {
    // a !Ref/!GetAtt of a notifying bucket inside its function makes a circular dependency
    for (String function : FUNCTIONS.keySet()) {
      Map<String, Object> props = T.properties(function);
      String text = String.valueOf(props.get("Policies")) + props.get("Environment");
      assertThat(text)
          .as(function)
          .doesNotContain(
              "Ref=" + INGEST,
              "Ref=" + PROCESSED,
              "[" + INGEST + ",",
              "[" + PROCESSED + ",",
              "${" + INGEST,
              "${" + PROCESSED);
    }
  }

  // --------------------------------------------------------------- environment

  /**
   * The datasource URL the template builds from the secret's host, port and dbname, resolved by
   * CloudFormation at deploy time (dynamic references); never its username or password.
   */
  private static String jdbcUrlOf(String secretParameter) {
    String field = "{{resolve:secretsmanager:${" + secretParameter + "}:SecretString:";
    return "jdbc:postgresql://" + field + "host}}:" + field + "port}}/" + field + "dbname}}";
  }

  @Test
  void eachFunctionGetsItsBucketsAndOnlyItsOwnSecretByName() {
    assertThat(environment("ExtractFunction"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "TOTESYS_SECRET_ID",
                "${TotesysSecretArn}",
                "TOTESYS_JDBC_URL",
                jdbcUrlOf("TotesysSecretArn"),
                "INGEST_BUCKET",
                T.bucketName(INGEST),
                "EXTRACT_LOOKBACK",
                "${LookbackDuration}",
                "EXTRACT_MAX_ROWS_PER_RUN",
                "${ExtractMaxRowsPerRun}"));
    assertThat(environment("TransformFunction"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "INGEST_BUCKET", T.bucketName(INGEST),
                "PROCESSED_BUCKET", T.bucketName(PROCESSED)));
    assertThat(environment("LoadFunction"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "WAREHOUSE_SECRET_ID", "${WarehouseSecretArn}",
                "WAREHOUSE_JDBC_URL", jdbcUrlOf("WarehouseSecretArn"),
                "PROCESSED_BUCKET", T.bucketName(PROCESSED)));
    assertThat(map(T.parameters().get("LookbackDuration"), "LookbackDuration"))
        .containsEntry("Default", "PT10M");
  }

  @Test
  void theSettingsInterfacesAreReadAsSmallRyeConfigMapsThem() {
    SettingsSource extract = SettingsSource.of("extract-fn");
    assertThat(extract.required()).containsExactlyInAnyOrder("TOTESYS_SECRET_ID", "INGEST_BUCKET");
    assertThat(extract.optional())
        .containsExactlyInAnyOrder(
            "EXTRACT_LOOKBACK",
            "EXTRACT_PART_ROWS",
            "EXTRACT_WORKERS",
            "EXTRACT_SOURCE_TIME_ZONE",
            "EXTRACT_MAX_ROWS_PER_RUN",
            "EXTRACT_STOP_MARGIN");
    assertThat(SettingsSource.of("shared").optional())
        .contains("DB_STATEMENT_TIMEOUT", "SECRETS_ENDPOINT_OVERRIDE", "CREDENTIALS_TTL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ExtractFunction", "TransformFunction", "LoadFunction"})
  void everyVariableTheFunctionRequiresIsSetAndEverySetVariableIsRead(String function)
      throws IOException {
    String module = FUNCTIONS.get(function);
    Properties properties = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            ProjectFiles.path(module + "/src/main/resources/application.properties"))) {
      properties.load(in);
    }
    Set<String> required = new TreeSet<>();
    Set<String> optional = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}").matcher("");
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("%")) {
        continue; // profile-specific (test, dev): not read on Lambda
      }
      m.reset(properties.getProperty(name));
      while (m.find()) {
        (m.group(2) == null ? required : optional).add(m.group(1));
      }
    }
    // the function's settings (ExtractSettings, ...) and the shared ones (SharedSettings)
    for (SettingsSource settings :
        List.of(SettingsSource.of(module), SettingsSource.of("shared"))) {
      required.addAll(settings.required());
      optional.addAll(settings.optional());
    }
    Set<String> set = environment(function).keySet();
    assertThat(set)
        .as("%s sets every variable %s requires", function, module)
        .containsAll(required);
    Set<String> read = new HashSet<>(required);
    read.addAll(optional);
    assertThat(read)
        .as("%s reads every variable the template sets for it", module)
        .containsAll(set);
  }

  // ------------------------------------------------------------------- runtime

  @Test
  void functionsDeployTheirModulesZipWithTheirOwnMemoryAndTimeout() {
    // the runtime (native or JVM) is PackagingTest's; reserved concurrency is FirstDeployTest's
    for (var function : FUNCTIONS.entrySet()) {
      Map<String, Object> props = T.properties(function.getKey());
      assertThat(props).doesNotContainKeys("Runtime", "Architectures");
      assertThat(props)
          .containsEntry("CodeUri", "../" + function.getValue() + "/target/function.zip");
      assertThat(ProjectFiles.path(function.getValue() + "/pom.xml")).isRegularFile();
      assertThat(props)
          .containsEntry("MemorySize", ref(paramPrefix(function.getKey()) + "MemorySize"))
          .containsEntry("Timeout", ref(paramPrefix(function.getKey()) + "Timeout"));
    }
  }

  @Test
  void theLoadHasRoomInTmpForTheFilesItEncodesAhead() {
    // CopyAhead: a Parquet file per thread and up to 3 encoded files of ~100 MB (1,000,000-row
    // parts)
    assertThat(T.properties("LoadFunction"))
        .extractingByKey("EphemeralStorage")
        .isEqualTo(Map.of("Size", 2048));
  }

  @Test
  void vpcIsOptionalAndAllOrNothing() {
    for (String p : List.of("SubnetIds", "SecurityGroupIds")) {
      assertThat(map(T.parameters().get(p), p))
          .containsEntry("Type", "CommaDelimitedList")
          .containsEntry("Default", "");
    }
    assertThat(T.section("Conditions")).containsKey("HasVpc");
    for (String function : FUNCTIONS.keySet()) {
      List<Object> vpc =
          list(map(T.properties(function).get("VpcConfig"), "VpcConfig").get("Fn::If"), "If");
      assertThat(vpc.get(0)).isEqualTo("HasVpc");
      assertThat(vpc.get(1))
          .isEqualTo(
              Map.of("SubnetIds", ref("SubnetIds"), "SecurityGroupIds", ref("SecurityGroupIds")));
      assertThat(vpc.get(2)).isEqualTo(ref("AWS::NoValue"));
    }
  }

  // -------------------------------------------------------------------- events

  @Test
  void extractRunsOnTheTenMinuteSchedule() {
    Map<String, Object> events = events("ExtractFunction");
    assertThat(events).containsOnlyKeys("Schedule", "ContinueRequested");
    Map<String, Object> event = map(events.get("Schedule"), "event");
    assertThat(event).containsEntry("Type", "Schedule");
    assertThat(map(event.get("Properties"), "Properties"))
        .containsEntry("Schedule", ref("ScheduleRate"));
    assertThat(map(T.parameters().get("ScheduleRate"), "ScheduleRate"))
        .containsEntry("Default", "rate(10 minutes)");
    // issue 16: a bounded run that left rows starts the next one at once
    assertNotification("ExtractFunction", "ContinueRequested", INGEST, "_continue/extract/");
  }

  @Test
  void transformIsWokenByIngestManifestsOnly() {
    assertThat(events("TransformFunction"))
        .containsOnlyKeys("IngestManifestCreated", "ContinueRequested");
    assertNotification("TransformFunction", "IngestManifestCreated", INGEST, "_manifests/");
    assertNotification("TransformFunction", "ContinueRequested", PROCESSED, "_continue/transform/");
  }

  @Test
  void loadIsWokenByProcessedManifestsOnly() {
    assertThat(events("LoadFunction"))
        .containsOnlyKeys("ProcessedManifestCreated", "ContinueRequested");
    assertNotification("LoadFunction", "ProcessedManifestCreated", PROCESSED, "_manifests/");
    assertNotification("LoadFunction", "ContinueRequested", PROCESSED, "_continue/load/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ExtractFunction", "TransformFunction", "LoadFunction"})
  void aFunctionThatRequestsItsNextInvocationMayLoopThroughS3(String function) {
    // the chain of continuation requests ends with the backlog; Lambda's loop detection would stop
    // it after 16 links
    assertThat(T.properties(function)).containsEntry("RecursiveLoop", "Allow");
  }

  private static void assertNotification(
      String function, String name, String bucket, String prefix) {
    Map<String, Object> event = map(events(function).get(name), name);
    assertThat(event).containsEntry("Type", "S3");
    Map<String, Object> props = map(event.get("Properties"), "Properties");
    assertThat(props)
        .containsEntry("Bucket", ref(bucket))
        .containsEntry("Events", "s3:ObjectCreated:*");
    Map<String, Object> filter = map(map(props.get("Filter"), "Filter").get("S3Key"), "S3Key");
    Map<String, Object> rules = new java.util.HashMap<>();
    for (Object rule : (List<?>) filter.get("Rules")) {
      Map<String, Object> r = map(rule, "rule");
      rules.put(String.valueOf(r.get("Name")), r.get("Value"));
    }
    assertThat(rules).isEqualTo(Map.of("prefix", prefix, "suffix", ".json"));
  }

  // ------------------------------------------------------- failure destination

  @Test
  void failedAsyncInvocationsAreRetriedThenSentToTheDeadLetterQueue() {
    assertThat(T.resource("DeadLetterQueue")).containsEntry("Type", "AWS::SQS::Queue");
    for (String function : FUNCTIONS.keySet()) {
      Map<String, Object> config =
          map(T.properties(function).get("EventInvokeConfig"), "EventInvokeConfig");
      assertThat(config).as(function).containsEntry("MaximumRetryAttempts", 2);
      Map<String, Object> onFailure =
          map(
              map(config.get("DestinationConfig"), "DestinationConfig").get("OnFailure"),
              "OnFailure");
      assertThat(onFailure)
          .as(function)
          .containsEntry("Type", "SQS")
          .containsEntry("Destination", getAtt("DeadLetterQueue", "Arn"));
    }
  }

  // -------------------------------------------------------------------- alarms

  @Test
  void everyAlarmNotifiesTheTopicAndTheTopicMailsTheAlertAddress() {
    Map<String, Map<String, Object>> alarms = T.resourcesOfType("AWS::CloudWatch::Alarm");
    assertThat(alarms).isNotEmpty();
    alarms.forEach(
        (id, alarm) ->
            assertThat(map(alarm.get("Properties"), id))
                .as(id)
                .containsEntry("AlarmActions", List.of(ref("AlertTopic"))));
    assertThat(T.resource("AlertTopic")).containsEntry("Type", "AWS::SNS::Topic");
    assertThat(T.properties("AlertEmailSubscription"))
        .containsEntry("TopicArn", ref("AlertTopic"))
        .containsEntry("Protocol", "email")
        .containsEntry("Endpoint", ref("AlertEmail"));
  }

  @Test
  void eachFunctionsErrorsAlarmAtOne() {
    for (String function : FUNCTIONS.keySet()) {
      assertThat(T.alarmsOn("AWS/Lambda", "Errors"))
          .as(function)
          .anySatisfy(
              a -> {
                assertThat(a)
                    .containsEntry(
                        "Dimensions",
                        List.of(Map.of("Name", "FunctionName", "Value", ref(function))));
                assertAtLeastOne(a);
              });
    }
  }

  @Test
  void aMessageInTheDeadLetterQueueAlarms() {
    assertThat(T.alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a)
                  .containsEntry(
                      "Dimensions",
                      List.of(
                          Map.of(
                              "Name",
                              "QueueName",
                              "Value",
                              getAtt("DeadLetterQueue", "QueueName"))));
              assertAtLeastOne(a);
            });
  }

  @Test
  void twoSchedulePeriodsWithoutAnExtractAlarm() {
    assertThat(T.alarmsOn("AWS/Lambda", "Invocations"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a)
                  .containsEntry(
                      "Dimensions",
                      List.of(Map.of("Name", "FunctionName", "Value", ref("ExtractFunction"))))
                  .containsEntry("Statistic", "Sum")
                  .containsEntry("Period", ref("HeartbeatPeriodSeconds"))
                  .containsEntry("EvaluationPeriods", 2)
                  .containsEntry("Threshold", 1)
                  .containsEntry("ComparisonOperator", "LessThanThreshold")
                  .containsEntry("TreatMissingData", "breaching");
            });
    assertThat(map(T.parameters().get("HeartbeatPeriodSeconds"), "HeartbeatPeriodSeconds"))
        .containsEntry("Default", 600);
  }

  @Test
  void aRejectedRowAlarms() {
    assertThat(T.alarmsOn("TotesPipeline", "RowsRejected"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a)
                  .containsEntry(
                      "Dimensions", List.of(Map.of("Name", "Function", "Value", "transform")))
                  .containsEntry("Statistic", "Sum");
              assertAtLeastOne(a);
            });
  }

  private static void assertAtLeastOne(Map<String, Object> alarm) {
    assertThat(alarm)
        .containsEntry("Threshold", 1)
        .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
        .containsEntry("EvaluationPeriods", 1);
  }

  // ------------------------------------------------------------------- buckets

  @ParameterizedTest
  @ValueSource(strings = {INGEST, PROCESSED})
  void bucketsArePrivateEncryptedVersionedAndNamedLiterally(String bucket) {
    Map<String, Object> props = T.properties(bucket);
    assertThat(T.bucketName(bucket)).endsWith("-${AWS::AccountId}-${AWS::Region}");
    assertThat(props.get("PublicAccessBlockConfiguration"))
        .isEqualTo(
            Map.of(
                "BlockPublicAcls",
                true,
                "BlockPublicPolicy",
                true,
                "IgnorePublicAcls",
                true,
                "RestrictPublicBuckets",
                true));
    List<Object> rules =
        list(
            map(props.get("BucketEncryption"), "BucketEncryption")
                .get("ServerSideEncryptionConfiguration"),
            "ServerSideEncryptionConfiguration");
    assertThat(rules)
        .singleElement()
        .satisfies(
            rule ->
                assertThat(
                        map(map(rule, "rule").get("ServerSideEncryptionByDefault"), "default")
                            .get("SSEAlgorithm"))
                    .isIn("AES256", "aws:kms", "aws:kms:dsse"));
    assertThat(props.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
    assertThat(String.valueOf(props.get("LifecycleConfiguration")))
        .contains("AbortIncompleteMultipartUpload={DaysAfterInitiation=1}");
    // issue 26: the continuation requests expire (nothing reads them back)
    assertThat(lifecycleRules(bucket))
        .anySatisfy(
            r ->
                assertThat(map(r, "rule"))
                    .containsEntry("Prefix", "_continue/")
                    .containsEntry("Status", "Enabled")
                    .containsEntry("ExpirationInDays", 1));
    assertThat(T.resource(bucket)).containsEntry("DeletionPolicy", "RetainExceptOnCreate");
  }

  @ParameterizedTest
  @ValueSource(strings = {INGEST, PROCESSED})
  void bucketsRefuseRequestsWithoutTls(String bucket) {
    assertThat(policyStatements(bucket))
        .anySatisfy(
            s -> {
              assertThat(s)
                  .containsEntry("Effect", "Deny")
                  .containsEntry("Principal", "*")
                  .containsEntry("Action", "s3:*")
                  .containsEntry(
                      "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
              assertThat(strings(s.get("Resource")))
                  .containsExactlyInAnyOrder("${" + bucket + ".Arn}", "${" + bucket + ".Arn}/*");
            });
  }

  /**
   * Issue 26: manifests and seq claims are written once, with {@code If-None-Match: *}; each
   * bucket's policy refuses any PUT to those prefixes without it, and the claims expire after 30
   * days (they are needed only until their manifest is written). The newest-run hint is
   * overwritten, and its old versions expire after a day.
   */
  @ParameterizedTest
  @ValueSource(strings = {INGEST, PROCESSED})
  void bucketsRefuseAPutThatCouldOverwriteAManifestOrAClaim(String bucket) {
    assertThat(policyStatements(bucket))
        .anySatisfy(
            s -> {
              assertThat(s)
                  .containsEntry("Effect", "Deny")
                  .containsEntry("Principal", "*")
                  .containsEntry("Action", "s3:PutObject")
                  .containsEntry("Condition", Map.of("Null", Map.of("s3:if-none-match", "true")));
              assertThat(strings(s.get("Resource")))
                  .containsExactlyInAnyOrder(
                      "${" + bucket + ".Arn}/_manifests/*", "${" + bucket + ".Arn}/_claims/*");
            });
    assertThat(lifecycleRules(bucket))
        .anySatisfy(
            r ->
                assertThat(map(r, "rule"))
                    .containsEntry("Prefix", "_claims/")
                    .containsEntry("Status", "Enabled")
                    .containsEntry("ExpirationInDays", 30));
    // the newest-run hint is overwritten after every manifest: its old versions go after a day
    assertThat(lifecycleRules(bucket))
        .anySatisfy(
            r ->
                assertThat(map(r, "rule"))
                    .containsEntry("Prefix", "_latest/")
                    .containsEntry("Status", "Enabled")
                    .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 1))
                    .doesNotContainKey("ExpirationInDays"));
  }

  /** The statements of the bucket policy of {@code bucket} (a logical id). */
  private static List<Map<String, Object>> policyStatements(String bucket) {
    List<Map<String, Object>> statements = new ArrayList<>();
    T.resourcesOfType("AWS::S3::BucketPolicy")
        .forEach(
            (id, policy) -> {
              Map<String, Object> p = map(policy.get("Properties"), id);
              if (ref(bucket).equals(p.get("Bucket"))) {
                for (Object s :
                    list(
                        map(p.get("PolicyDocument"), "PolicyDocument").get("Statement"),
                        "Statement")) {
                  statements.add(map(s, "statement"));
                }
              }
            });
    return statements;
  }

  /** The lifecycle rules of {@code bucket} (a logical id). */
  private static List<Object> lifecycleRules(String bucket) {
    Map<String, Object> props = map(T.resource(bucket).get("Properties"), bucket);
    return list(
        map(props.get("LifecycleConfiguration"), "LifecycleConfiguration").get("Rules"), "Rules");
  }

  // ------------------------------------------------------------------- outputs

  @Test
  void outputsNameTheBucketsTopicFunctionsAndQueue() {
    Map<String, Object> outputs = T.section("Outputs");
    assertThat(outputs)
        .containsKeys(
            "IngestBucketName",
            "ProcessedBucketName",
            "AlertTopicArn",
            "ExtractFunctionName",
            "TransformFunctionName",
            "LoadFunctionName",
            "DeadLetterQueueUrl");
    assertThat(map(outputs.get("IngestBucketName"), "out").get("Value")).isEqualTo(ref(INGEST));
    assertThat(map(outputs.get("ProcessedBucketName"), "out").get("Value"))
        .isEqualTo(ref(PROCESSED));
    assertThat(map(outputs.get("AlertTopicArn"), "out").get("Value")).isEqualTo(ref("AlertTopic"));
  }

  @Test
  void requiredParametersHaveNoDefault() {
    for (String p : List.of("TotesysSecretArn", "WarehouseSecretArn", "AlertEmail")) {
      assertThat(map(T.parameters().get(p), p)).as(p).doesNotContainKey("Default");
    }
  }

  // ------------------------------------------------------------------- helpers

  private static String paramPrefix(String function) {
    return function.substring(0, function.length() - "Function".length());
  }

  private static Map<String, Object> events(String function) {
    return map(T.properties(function).get("Events"), function + ".Events");
  }

  /** The function's own environment variables (Globals excluded), values rendered as text. */
  private static Map<String, String> environment(String function) {
    Map<String, Object> variables =
        map(
            map(T.properties(function).get("Environment"), "Environment").get("Variables"),
            "Variables");
    Map<String, String> rendered = new java.util.TreeMap<>();
    variables.forEach((k, v) -> rendered.put(k, render(v)));
    return rendered;
  }

  /** "action resource" for every S3 action the function's policies allow. */
  private static Set<String> s3Grants(String function) {
    return grantsOf(function, "s3:");
  }

  private static Set<String> secretGrants(String function) {
    return grantsOf(function, "secretsmanager:");
  }

  private static Set<String> grantsOf(String function, String service) {
    Set<String> grants = new TreeSet<>();
    for (Map<String, Object> statement : T.policyStatements(function)) {
      for (String action : strings(statement.get("Action"))) {
        if (action.startsWith(service)) {
          for (String resource : strings(statement.get("Resource"))) {
            grants.add(action + " " + resource);
          }
        }
      }
    }
    return grants;
  }
}
