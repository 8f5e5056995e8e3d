package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: one CloudWatch dashboard over the pipeline's own metrics (namespace TotesPipeline,
 * dimension Function), each run's duration against its function's timeout, Lambda's errors and
 * throttles, and the dead-letter queue.
 */
class DashboardTest {
  private static final SamTemplate T = SamTemplate.load();

  /** The dashboard body with every ${…} of its !Sub replaced as CloudFormation would. */
  private static JsonNode body() throws Exception {
    Map<String, Object> props = T.properties("PipelineDashboard");
    String text = SamTemplate.sub(props.get("DashboardBody"));
    Map<String, String> values =
        Map.of(
            "AWS::Region",
            "eu-west-2",
            "ExtractTimeout",
            "600",
            "TransformTimeout",
            "900",
            "LoadTimeout",
            "900",
            "ExtractFunction",
            "totes-extract",
            "TransformFunction",
            "totes-transform",
            "LoadFunction",
            "totes-load",
            "DeadLetterQueue.QueueName",
            "totes-failed-invocations");
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      assertThat(value).as("the dashboard refers to ${%s}", m.group(1)).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return new ObjectMapper().readTree(out.toString());
  }

  /** Every metric line of every widget as "namespace metric dimension=value". */
  private static List<String> metrics(JsonNode body) {
    List<String> found = new ArrayList<>();
    for (JsonNode widget : body.get("widgets")) {
      for (JsonNode metric : widget.get("properties").get("metrics")) {
        found.add(
            metric.get(0).asText()
                + " "
                + metric.get(1).asText()
                + " "
                + metric.get(2).asText()
                + "="
                + metric.get(3).asText());
      }
    }
    return found;
  }

  @Test
  void theDashboardIsNamedWithThePrefixAndItsBodyIsJson() throws Exception {
    assertThat(T.resource("PipelineDashboard")).containsEntry("Type", "AWS::CloudWatch::Dashboard");
    assertThat(SamTemplate.sub(T.properties("PipelineDashboard").get("DashboardName")))
        .startsWith("${NamePrefix}-");
    assertThat(body().get("widgets").size()).isGreaterThanOrEqualTo(6);
  }

  @Test
  void everyPipelineMetricIsOnTheDashboardForTheFunctionThatPublishesIt() throws Exception {
    assertThat(metrics(body()))
        .contains(
            "TotesPipeline RowsExtracted Function=extract",
            "TotesPipeline RowsDeleted Function=extract",
            "TotesPipeline RowsTransformed Function=transform",
            "TotesPipeline RowsRejected Function=transform",
            "TotesPipeline RowsLoaded Function=load",
            "TotesPipeline RunFailed Function=extract",
            "TotesPipeline RunFailed Function=transform",
            "TotesPipeline RunFailed Function=load",
            "TotesPipeline RunsSetAside Function=transform",
            "TotesPipeline RunsSetAside Function=load",
            "TotesPipeline FreshnessSeconds Function=load",
            "TotesPipeline RunDurationMs Function=extract",
            "TotesPipeline RunDurationMs Function=transform",
            "TotesPipeline RunDurationMs Function=load");
  }

  @Test
  void lambdaErrorsAndThrottlesOfEachFunctionAndTheDeadLetterQueueAreOnTheDashboard()
      throws Exception {
    List<String> metrics = metrics(body());
    for (String function : List.of("totes-extract", "totes-transform", "totes-load")) {
      assertThat(metrics)
          .contains(
              "AWS/Lambda Errors FunctionName=" + function,
              "AWS/Lambda Throttles FunctionName=" + function);
    }
    assertThat(metrics)
        .contains("AWS/SQS ApproximateNumberOfMessagesVisible QueueName=totes-failed-invocations");
  }

  @Test
  void eachRunDurationIsDrawnAgainstItsFunctionsTimeoutInMilliseconds() throws Exception {
    Map<String, Integer> timeoutsMs =
        Map.of("extract", 600_000, "transform", 900_000, "load", 900_000);
    int seen = 0;
    for (JsonNode widget : body().get("widgets")) {
      JsonNode p = widget.get("properties");
      JsonNode first = p.get("metrics").get(0);
      if ("RunDurationMs".equals(first.get(1).asText())) {
        String function = first.get(3).asText();
        assertThat(p.get("annotations").get("horizontal").get(0).get("value").asInt())
            .as("%s timeout line", function)
            .isEqualTo(timeoutsMs.get(function));
        seen++;
      }
    }
    assertThat(seen).isEqualTo(3);
    // the body turns each timeout (seconds) into milliseconds by appending 000 to the parameter
    String body = SamTemplate.sub(T.properties("PipelineDashboard").get("DashboardBody"));
    for (String p : List.of("ExtractTimeout", "TransformTimeout", "LoadTimeout")) {
      assertThat(body).contains("${" + p + "}000");
      assertThat(map(T.parameters().get(p), p)).containsEntry("Type", "Number");
    }
  }
}
