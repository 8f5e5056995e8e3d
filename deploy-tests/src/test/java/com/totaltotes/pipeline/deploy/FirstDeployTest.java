package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.FUNCTIONS;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.list;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import com.totaltotes.pipeline.testing.sam.TemplateEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, "a first deploy that works": what a new account needs from the template. Reserved
 * concurrency is optional (new accounts have a quota of 10), a failed first create can be retried
 * (the buckets are deleted on its rollback), VPC settings are all or nothing, extract has room.
 */
class FirstDeployTest {
  private static final SamTemplate T = SamTemplate.load();

  // ------------------------------------------------------- reserved concurrency

  @Test
  void reservedConcurrencyIsOptionalAndNoneByDefault() {
    assertThat(map(T.parameters().get("ReservedConcurrency"), "ReservedConcurrency"))
        .containsEntry("Type", "Number")
        .containsEntry("Default", 0)
        .containsEntry("MinValue", 0);
    for (String function : FUNCTIONS.keySet()) {
      assertThat(T.properties(function).get("ReservedConcurrentExecutions"))
          .as(function)
          .isEqualTo(
              Map.of(
                  "Fn::If",
                  List.of(
                      "HasReservedConcurrency", ref("ReservedConcurrency"), ref("AWS::NoValue"))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ExtractFunction", "TransformFunction", "LoadFunction"})
  void theDefaultReservesNothingAndOneReservesOne(String function) {
    assertThat(new TemplateEvaluator(T).function(function))
        .doesNotContainKey("ReservedConcurrentExecutions");
    assertThat(new TemplateEvaluator(T, "ReservedConcurrency", "1").function(function))
        .containsEntry("ReservedConcurrentExecutions", ref("ReservedConcurrency"));
  }

  @Test
  void deployGuideExplainsTheQuotaAndWhyConcurrencyIsSafeWithoutReserving() {
    assertThat(ProjectFiles.read("docs/DEPLOY.md"))
        .contains(
            "ReservedConcurrency",
            "quota of 10",
            "3 × ReservedConcurrency + 100",
            "If-None-Match",
            "attempt tag",
            "advisory lock");
  }

  // ---------------------------------------------------------------- buckets

  @ParameterizedTest
  @ValueSource(strings = {"IngestBucket", "ProcessedBucket"})
  void aFailedFirstCreateDeletesTheBucketsAndLaterOnesKeepThem(String bucket) {
    assertThat(T.resource(bucket))
        .containsEntry("DeletionPolicy", "RetainExceptOnCreate")
        .containsEntry("UpdateReplacePolicy", "Retain");
  }

  @ParameterizedTest
  @CsvSource({"IngestBucket, _ids/", "ProcessedBucket, _state/"})
  void noncurrentVersionsOfTheRunStateExpireAfterThirtyDays(String bucket, String prefix) {
    List<Map<String, Object>> rules = lifecycleRules(bucket);
    assertThat(rules)
        .anySatisfy(
            rule ->
                assertThat(rule)
                    .containsEntry("Status", "Enabled")
                    .containsEntry("Prefix", prefix)
                    .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30))
                    // only old versions: the current state is what the next run reads
                    .doesNotContainKeys("ExpirationInDays", "ExpirationDate"));
    assertThat(rules)
        .as("incomplete multipart uploads are still cleaned up")
        .anySatisfy(
            rule ->
                assertThat(rule)
                    .containsEntry("Status", "Enabled")
                    .doesNotContainKey("Prefix")
                    .containsEntry(
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1)));
    assertThat(rules)
        .as(
            "nothing current expires but the continuation requests, which nothing reads back, and"
                + " the seq claims, needed only until their manifest is written")
        .filteredOn(
            rule ->
                !"_continue/".equals(rule.get("Prefix")) && !"_claims/".equals(rule.get("Prefix")))
        .allSatisfy(
            rule -> assertThat(rule).doesNotContainKeys("ExpirationInDays", "ExpirationDate"));
  }

  @Test
  void everyStatefulResourceSaysWhatHappensToItOnDeleteAndReplace() {
    // cfn-lint --include-checks I (I3011) asks for it; the queue and log groups go with the stack
    for (String id :
        List.of("DeadLetterQueue", "ExtractLogGroup", "TransformLogGroup", "LoadLogGroup")) {
      assertThat(T.resource(id))
          .as(id)
          .containsEntry("DeletionPolicy", "Delete")
          .containsEntry("UpdateReplacePolicy", "Delete");
    }
  }

  // -------------------------------------------------------------------- VPC

  @ParameterizedTest
  @CsvSource({
    "'', '', true, false",
    "'subnet-1,subnet-2', sg-1, true, true",
    "subnet-1, '', false, false",
    "'', sg-1, false, false"
  })
  void vpcSettingsAreBothOrNeither(String subnets, String groups, boolean accepted, boolean inVpc) {
    TemplateEvaluator stack =
        new TemplateEvaluator(T, "SubnetIds", subnets, "SecurityGroupIds", groups);
    assertThat(stack.rule("VpcAllOrNothing"))
        .as("subnets [%s], groups [%s] accepted", subnets, groups)
        .isEqualTo(accepted);
    assertThat(stack.condition("HasVpc")).isEqualTo(inVpc);
    if (accepted) {
      for (String function : FUNCTIONS.keySet()) {
        assertThat(stack.function(function).containsKey("VpcConfig")).as(function).isEqualTo(inVpc);
      }
    }
  }

  @Test
  void theVpcRuleSaysWhatToGive() {
    Map<String, Object> rule = map(T.section("Rules").get("VpcAllOrNothing"), "rule");
    assertThat(list(rule.get("Assertions"), "Assertions"))
        .singleElement()
        .satisfies(
            a ->
                assertThat(String.valueOf(map(a, "assertion").get("AssertDescription")))
                    .contains("SubnetIds", "SecurityGroupIds"));
  }

  @Test
  void deployGuideGivesTheEndpointsAPrivateDatabaseNeeds() {
    assertThat(ProjectFiles.read("docs/DEPLOY.md"))
        .contains(
            "--vpc-endpoint-type Gateway",
            "--vpc-endpoint-type Interface",
            "com.amazonaws.$REGION.s3",
            "com.amazonaws.$REGION.secretsmanager",
            "--private-dns-enabled");
  }

  // ----------------------------------------------------------------- memory

  @Test
  void extractGetsAGigabyteByDefault() {
    assertThat(map(T.parameters().get("ExtractMemorySize"), "ExtractMemorySize"))
        .containsEntry("Default", 1024);
  }

  private static List<Map<String, Object>> lifecycleRules(String bucket) {
    List<Map<String, Object>> rules = new ArrayList<>();
    Map<String, Object> lifecycle =
        map(T.properties(bucket).get("LifecycleConfiguration"), "LifecycleConfiguration");
    for (Object rule : list(lifecycle.get("Rules"), "Rules")) {
      rules.add(map(rule, "rule"));
    }
    return rules;
  }
}
