package com.totaltotes.pipeline.testing.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code sam/template.yaml} as maps, with the few lookups the tests share. */
public final class SamTemplate {
  public static final String FILE = "sam/template.yaml";

  /** Function logical id → the module whose function.zip it deploys. */
  public static final Map<String, String> FUNCTIONS =
      Map.of(
          "ExtractFunction",
          "extract-fn",
          "TransformFunction",
          "transform-fn",
          "LoadFunction",
          "load-fn");

  private final Map<String, Object> document;

  private SamTemplate(Map<String, Object> document) {
    this.document = document;
  }

  public static SamTemplate load() {
    return new SamTemplate(CloudFormationYaml.load(ProjectFiles.path(FILE)));
  }

  public Map<String, Object> document() {
    return document;
  }

  public Map<String, Object> section(String name) {
    return map(document.get(name), name);
  }

  public Map<String, Object> parameters() {
    return section("Parameters");
  }

  public Map<String, Object> resource(String logicalId) {
    return map(section("Resources").get(logicalId), "resource " + logicalId);
  }

  public Map<String, Object> properties(String logicalId) {
    return map(resource(logicalId).get("Properties"), logicalId + ".Properties");
  }

  /** Logical id → resource, for every resource of that type, in template order. */
  public Map<String, Map<String, Object>> resourcesOfType(String type) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    section("Resources")
        .forEach(
            (id, value) -> {
              Map<String, Object> resource = map(value, id);
              if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
              }
            });
    return found;
  }

  /** The properties of every CloudWatch alarm on that namespace and metric, in template order. */
  public List<Map<String, Object>> alarmsOn(String namespace, String metric) {
    List<Map<String, Object>> found = new ArrayList<>();
    resourcesOfType("AWS::CloudWatch::Alarm")
        .forEach(
            (id, alarm) -> {
              Map<String, Object> p = map(alarm.get("Properties"), id);
              if (namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName"))) {
                found.add(p);
              }
            });
    return found;
  }

  public Map<String, Object> globalFunction() {
    return map(section("Globals").get("Function"), "Globals.Function");
  }

  /** The {@code !Sub} text a bucket is named with, e.g. {@code ${NamePrefix}-ingest-…}. */
  public String bucketName(String bucketId) {
    return sub(properties(bucketId).get("BucketName"));
  }

  /** The bucket's ARN as a policy must spell it (literal name, not a reference to the bucket). */
  public String bucketArn(String bucketId) {
    return "arn:${AWS::Partition}:s3:::" + bucketName(bucketId);
  }

  /** Every statement of the function's inline policies. Fails on anything that is not inline. */
  public List<Map<String, Object>> policyStatements(String functionId) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : list(properties(functionId).get("Policies"), functionId + ".Policies")) {
      Map<String, Object> document = map(policy, functionId + " policy");
      if (!document.containsKey("Statement")) {
        throw new AssertionError(
            functionId
                + " has a policy that is not an inline document "
                + "(a managed policy or SAM policy template hides what it grants): "
                + document);
      }
      for (Object statement : list(document.get("Statement"), functionId + " Statement")) {
        statements.add(map(statement, functionId + " statement"));
      }
    }
    return statements;
  }

  /** The S3 key filter of the function's (only) notification, rule name → value. */
  public Map<String, String> keyFilter(String function) {
    Map<String, Object> events = map(properties(function).get("Events"), function + ".Events");
    Map<String, Object> event = map(events.values().iterator().next(), "event");
    Map<String, Object> filter =
        map(
            map(map(event.get("Properties"), "Properties").get("Filter"), "Filter").get("S3Key"),
            "S3Key");
    Map<String, String> rules = new java.util.TreeMap<>();
    for (Object rule : list(filter.get("Rules"), "Rules")) {
      Map<String, Object> r = map(rule, "rule");
      rules.put(String.valueOf(r.get("Name")), String.valueOf(r.get("Value")));
    }
    return rules;
  }

  /** A value that is a string or a list of strings, as a list. */
  public static List<String> strings(Object value) {
    if (value instanceof String || value instanceof Map) {
      return List.of(render(value));
    }
    List<String> out = new ArrayList<>();
    for (Object o : list(value, "string list")) {
      out.add(render(o));
    }
    return out;
  }

  /**
   * A value rendered as text so that references compare as strings: {@code "x"} stays, {@code !Sub
   * "x"} is {@code x}, {@code !Ref P} is {@code ${P}}, {@code !GetAtt A.B} is {@code ${A.B}}.
   */
  public static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> m && m.size() == 1) {
      if (m.containsKey("Fn::Sub")) {
        return sub(value);
      }
      if (m.containsKey("Ref")) {
        return "${" + m.get("Ref") + "}";
      }
      if (m.containsKey("Fn::GetAtt")) {
        Object att = m.get("Fn::GetAtt");
        List<?> parts = att instanceof List<?> l ? l : List.of(String.valueOf(att).split("\\.", 2));
        return "${" + parts.get(0) + "." + parts.get(1) + "}";
      }
    }
    return String.valueOf(value);
  }

  public static String sub(Object value) {
    if (value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String text) {
      return text;
    }
    throw new AssertionError("expected !Sub \"…\" but found " + value);
  }

  public static Map<String, Object> ref(String name) {
    return Map.of("Ref", name);
  }

  public static Map<String, Object> getAtt(String resource, String attribute) {
    return Map.of("Fn::GetAtt", List.of(resource, attribute));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AssertionError(what + " is not a mapping: " + Objects.toString(value));
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object value, String what) {
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new AssertionError(what + " is not a list: " + Objects.toString(value));
  }
}
