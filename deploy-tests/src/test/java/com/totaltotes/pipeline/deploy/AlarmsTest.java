package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.ref;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.sub;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alarms on the pipeline's own metrics (namespace TotesPipeline, issue 12 "Unattended
 * operation"): every failed run, every run set aside, rows dated in the future, schema drift, stray
 * manifest keys and a stale warehouse reach the alert topic, and docs/DEPLOY.md says what to do.
 * The alarms on AWS metrics (Lambda errors, the dead-letter queue, the heartbeat) are in
 * SamTemplateTest.
 */
class AlarmsTest {
  private static final SamTemplate T = SamTemplate.load();
  private static final String NAMESPACE = "TotesPipeline";
  private static final String DEPLOY_DOC = "docs/DEPLOY.md";

  @ParameterizedTest
  @ValueSource(strings = {"extract", "transform", "load"})
  void everyFailedRunAlarmsTransientOrPermanent(String function) {
    // on Function alone: the [Function, Permanent] series is the same count split in two
    assertCountAlarm("RunFailed", function);
  }

  @ParameterizedTest
  @ValueSource(strings = {"transform", "load"})
  void aRunSetAsideAlarmsAndTheAlarmSaysHowToRepairIt(String function) {
    Map<String, Object> alarm = assertCountAlarm("RunsSetAside", function);
    assertThat(String.valueOf(alarm.get("AlarmDescription")))
        .contains("_failed/<run>.json", "./totes repair RUN", "docs/DEPLOY.md");
  }

  @Test
  void aLateRowAlarms() {
    assertCountAlarm("RowsLate", "extract");
  }

  @Test
  void aFutureDatedRowAlarms() {
    assertRecurringConditionAlarm("RowsFutureDated", "extract");
  }

  @Test
  void schemaDriftAlarmsAsALowSeverityWarning() {
    Map<String, Object> alarm = assertRecurringConditionAlarm("SchemaDrift", "extract");
    assertThat(String.valueOf(alarm.get("AlarmDescription")))
        .startsWithIgnoringCase("low severity");
  }

  @ParameterizedTest
  @ValueSource(strings = {"transform", "load"})
  void aStrayManifestKeyAlarms(String function) {
    assertRecurringConditionAlarm("StrayManifestKeys", function);
  }

  @Test
  void aRebuiltDimensionStateAlarms() {
    // issue 26: a lost or damaged pipeline object is repaired by the pipeline, and someone is told
    assertAtLeastOneAlarm("DimensionStateRebuilt", "transform");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ManifestsRestored",
        "KeySetsLost",
        "RunsWithoutProgress",
        "SnapshotsNotComparable"
      })
  void aLostPipelineObjectAlarms(String metric) {
    // issue 26: a manifest written again from its claim, a key set rebuilt: each repaired, and
    // each told to someone
    assertAtLeastOneAlarm(metric, "extract");
  }

  @Test
  void aProcessedManifestWrittenAgainFromItsClaimAlarms() {
    assertAtLeastOneAlarm("ManifestsRestored", "transform");
  }

  @Test
  void extractsSupersededByConcurrentInvocationsAlarmWhenTheyRecur() {
    // issue 26: one is a schedule tick meeting a continuation (harmless); three in an hour are not
    assertThat(T.alarmsOn(NAMESPACE, "RunsSuperseded"))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsEntry("Dimensions", function("extract"))
                    .containsEntry("Statistic", "Sum")
                    .containsEntry("Period", 3600)
                    .containsEntry("Threshold", 3)
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                    .containsEntry("AlarmActions", List.of(ref("AlertTopic"))));
  }

  @Test
  void aWarehouseStalerThanThirtyMinutesOrALoadSilentForThirtyMinutesAlarms() {
    assertThat(T.alarmsOn(NAMESPACE, "FreshnessSeconds"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a)
                  .containsEntry("Dimensions", function("load"))
                  .containsEntry("Statistic", "Maximum")
                  .containsEntry("Period", 600)
                  .containsEntry("Threshold", 1800)
                  .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                  // a dead pipeline publishes nothing: silence must alarm
                  .containsEntry("TreatMissingData", "breaching")
                  .containsEntry("AlarmActions", List.of(ref("AlertTopic")));
              int periods = (Integer) a.get("EvaluationPeriods");
              assertThat(periods * 600)
                  .as("seconds of silence before a dead pipeline alarms")
                  .isEqualTo(1800);
              assertThat(a.get("DatapointsToAlarm"))
                  .as("every period silent or stale, not one late run")
                  .isEqualTo(periods);
            });
  }

  @Test
  void theOldFreshnessLagMetricIsGoneFromTemplateAndDocs() {
    String old = "FreshnessLag" + "Seconds"; // split so this file does not hold the name itself
    assertThat(ProjectFiles.read(SamTemplate.FILE)).doesNotContain(old);
    assertThat(ProjectFiles.read(DEPLOY_DOC)).doesNotContain(old);
  }

  @Test
  void theAlarmsOnOurMetricsAreExactlyThese() {
    List<String> alarmed = new ArrayList<>();
    T.resourcesOfType("AWS::CloudWatch::Alarm")
        .forEach(
            (id, alarm) -> {
              Map<String, Object> p = map(alarm.get("Properties"), id);
              if (NAMESPACE.equals(p.get("Namespace"))) {
                alarmed.add(p.get("MetricName") + " " + dimensions(p));
              }
            });
    assertThat(alarmed)
        .containsExactlyInAnyOrder(
            "RunFailed Function=extract",
            "RunFailed Function=transform",
            "RunFailed Function=load",
            "RunsSetAside Function=transform",
            "RunsSetAside Function=load",
            "RowsFutureDated Function=extract",
            "RowsLate Function=extract",
            "SchemaDrift Function=extract",
            "StrayManifestKeys Function=transform",
            "StrayManifestKeys Function=load",
            "DimensionStateRebuilt Function=transform",
            "ManifestsRestored Function=extract",
            "ManifestsRestored Function=transform",
            "KeySetsLost Function=extract",
            "SnapshotsNotComparable Function=extract",
            "RunsSuperseded Function=extract",
            "RunsWithoutProgress Function=extract",
            "FreshnessSeconds Function=load",
            "RowsRejected Function=transform",
            "BacklogRows Function=extract",
            "BacklogRuns Function=transform",
            "BacklogRuns Function=load");
  }

  @Test
  void everyAlarmIsNamedWithThePrefixAndExplainedInTheDeployGuide() {
    String doc = ProjectFiles.read(DEPLOY_DOC);
    T.resourcesOfType("AWS::CloudWatch::Alarm")
        .forEach(
            (id, alarm) -> {
              String name = sub(map(alarm.get("Properties"), id).get("AlarmName"));
              assertThat(name).as(id).startsWith("${NamePrefix}-");
              assertThat(doc)
                  .as("%s explains %s", DEPLOY_DOC, id)
                  .contains("`" + name.replace("${NamePrefix}", "totes") + "`");
            });
  }

  @Test
  void theDeployGuideShowsBothWaysToRepairASetAsideRunAndHowToFindThem() {
    assertThat(ProjectFiles.read(DEPLOY_DOC))
        .contains(
            "./totes repair ",
            "aws lambda invoke --function-name totes-extract --cli-binary-format raw-in-base64-out",
            "{\"source\":\"totes.repair\",\"detail-type\":\"Repair run\",\"detail\":{\"run\":",
            "aws s3 ls s3://totes-processed-");
  }

  /**
   * The single alarm on {@code metric} for {@code function}: Sum ≥ 1 in five minutes, quiet = OK.
   */
  private static Map<String, Object> assertCountAlarm(String metric, String function) {
    Map<String, Object> alarm = assertAtLeastOneAlarm(metric, function);
    assertThat(alarm)
        .as("%s %s", metric, function)
        .containsEntry("EvaluationPeriods", 1)
        .doesNotContainKey("DatapointsToAlarm");
    return alarm;
  }

  /**
   * As {@link #assertCountAlarm}, for a condition every 10-minute run reports again until fixed:
   * any one of the last three 5-minute periods keeps it in ALARM, so it does not flap (and mail)
   * every run.
   */
  private static Map<String, Object> assertRecurringConditionAlarm(String metric, String function) {
    Map<String, Object> alarm = assertAtLeastOneAlarm(metric, function);
    assertThat(alarm)
        .as("%s %s", metric, function)
        .containsEntry("EvaluationPeriods", 3)
        .containsEntry("DatapointsToAlarm", 1);
    return alarm;
  }

  private static Map<String, Object> assertAtLeastOneAlarm(String metric, String function) {
    List<Map<String, Object>> alarms =
        T.alarmsOn(NAMESPACE, metric).stream()
            .filter(a -> function(function).equals(a.get("Dimensions")))
            .toList();
    assertThat(alarms)
        .as("one %s alarm on Function=%s", metric, function)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsEntry("Statistic", "Sum")
                    .containsEntry("Period", 300)
                    .containsEntry("Threshold", 1)
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                    .containsEntry("TreatMissingData", "notBreaching")
                    .containsEntry("AlarmActions", List.of(ref("AlertTopic"))));
    return alarms.get(0);
  }

  /** The alarm's dimensions as {@code Name=Value,…}, in template order. */
  private static String dimensions(Map<String, Object> alarm) {
    StringBuilder text = new StringBuilder();
    for (Object d : SamTemplate.list(alarm.get("Dimensions"), "Dimensions")) {
      Map<String, Object> dimension = map(d, "dimension");
      text.append(text.length() == 0 ? "" : ",")
          .append(dimension.get("Name"))
          .append('=')
          .append(dimension.get("Value"));
    }
    return text.toString();
  }

  private static List<Map<String, Object>> function(String name) {
    return List.of(Map.of("Name", "Function", "Value", name));
  }
}
