package com.totaltotes.pipeline.testing.sam;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.list;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a template's Conditions, {@code Fn::If}s and Rules for given parameter values, the way
 * CloudFormation would before creating anything: so a test can look at the function a stack gets
 * with {@code Packaging=jvm}, not only at the {@code !If} that chooses it. Only what our template
 * uses is supported (Ref of parameters, Equals, Not, And, Or, Join, Condition, If, NoValue, and the
 * rule functions EachMemberEquals and Contains); anything else fails the test.
 */
public final class TemplateEvaluator {
  /** The value a property gets when its {@code !If} picks {@code !Ref AWS::NoValue}: removed. */
  private static final Object NO_VALUE = new Object();

  /** A {@code ${Name}} of an {@code Fn::Sub} (not the literal {@code ${!Name}}). */
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([A-Za-z0-9:._]+)}");

  private final SamTemplate template;
  private final Map<String, Object> parameters = new HashMap<>();

  /**
   * Every parameter at its default, overridden by {@code overrides} (name, value, name, value…).
   */
  public TemplateEvaluator(SamTemplate template, String... overrides) {
    this.template = template;
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < overrides.length; i += 2) {
      given.put(overrides[i], overrides[i + 1]);
    }
    template
        .parameters()
        .forEach(
            (name, definition) -> {
              Map<String, Object> d = map(definition, name);
              Object value = given.containsKey(name) ? given.get(name) : d.get("Default");
              if (value == null) {
                value = "given-" + name; // a required parameter: any value the tests do not look at
              }
              String text = String.valueOf(value);
              parameters.put(
                  name,
                  "CommaDelimitedList".equals(d.get("Type"))
                      ? new ArrayList<Object>(Arrays.asList(text.split(",", -1)))
                      : text);
            });
    for (String name : given.keySet()) {
      if (!parameters.containsKey(name)) {
        throw new AssertionError("the template has no parameter " + name);
      }
    }
  }

  public boolean condition(String name) {
    Object definition = template.section("Conditions").get(name);
    if (definition == null) {
      throw new AssertionError("no condition " + name);
    }
    return truth(definition);
  }

  /** {@code value} with every {@code Fn::If} decided and every {@code AWS::NoValue} removed. */
  public Object resolve(Object value) {
    Object resolved = resolveOrNoValue(value);
    return resolved == NO_VALUE ? null : resolved;
  }

  /** The function's properties as deployed: resolved, with the Globals a property does not set. */
  public Map<String, Object> function(String logicalId) {
    Map<String, Object> merged = new LinkedHashMap<>(template.globalFunction());
    Map<String, Object> own = template.properties(logicalId);
    own.forEach(
        (key, value) -> {
          if ("Environment".equals(key) && merged.get(key) instanceof Map<?, ?> global) {
            Map<String, Object> variables =
                new LinkedHashMap<>(
                    map(map(global, "Globals.Environment").get("Variables"), "Variables"));
            variables.putAll(map(map(value, "Environment").get("Variables"), "Variables"));
            merged.put(key, Map.of("Variables", variables));
          } else {
            merged.put(key, value);
          }
        });
    return map(resolve(merged), logicalId);
  }

  /**
   * The text a string-valued expression has in a stack: a literal, a {@code Ref} of a parameter or
   * pseudo parameter, an {@code Fn::Sub} of those, or an {@code Fn::Join}. {@code pseudo} gives the
   * pseudo parameters ({@code AWS::AccountId}, {@code AWS::Region}, …). Dynamic references ({@code
   * {{resolve:…}}}) are left as they are: CloudFormation resolves them after this step.
   */
  public String text(Object expression, Map<String, String> pseudo) {
    if (expression instanceof Map<?, ?> m && m.size() == 1) {
      if (m.containsKey("Ref")) {
        return variable(String.valueOf(m.get("Ref")), pseudo);
      }
      if (m.containsKey("Fn::Sub") && m.get("Fn::Sub") instanceof String template) {
        Matcher var = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (var.find()) {
          var.appendReplacement(out, Matcher.quoteReplacement(variable(var.group(1), pseudo)));
        }
        return var.appendTail(out).toString();
      }
      if (m.containsKey("Fn::Join")) {
        List<Object> args = list(m.get("Fn::Join"), "Join");
        List<String> parts = new ArrayList<>();
        for (Object part : list(args.get(1), "Join parts")) {
          parts.add(text(part, pseudo));
        }
        return String.join(String.valueOf(args.get(0)), parts);
      }
    }
    if (expression instanceof String || expression instanceof Number) {
      return String.valueOf(expression);
    }
    throw new AssertionError("not a text expression this evaluator knows: " + expression);
  }

  private String variable(String name, Map<String, String> pseudo) {
    if (pseudo.containsKey(name)) {
      return pseudo.get(name);
    }
    Object value = parameters.get(name);
    if (value == null || value instanceof List) {
      throw new AssertionError("${" + name + "} is not a string parameter or a given pseudo one");
    }
    return String.valueOf(value);
  }

  /** Whether every assertion of the rule holds (CloudFormation refuses the stack otherwise). */
  public boolean rule(String name) {
    Map<String, Object> rule = map(template.section("Rules").get(name), "rule " + name);
    if (rule.containsKey("RuleCondition") && !truth(rule.get("RuleCondition"))) {
      return true;
    }
    for (Object assertion : list(rule.get("Assertions"), name + ".Assertions")) {
      if (!truth(map(assertion, "assertion").get("Assert"))) {
        return false;
      }
    }
    return true;
  }

  private boolean truth(Object expression) {
    Map<String, Object> m = map(expression, "condition");
    if (m.size() != 1) {
      throw new AssertionError("not one function: " + m);
    }
    var entry = m.entrySet().iterator().next();
    List<Object> args =
        entry.getValue() instanceof List<?> l ? list(l, "args") : List.of(entry.getValue());
    return switch (entry.getKey()) {
      case "Fn::Equals" ->
          String.valueOf(value(args.get(0))).equals(String.valueOf(value(args.get(1))));
      case "Fn::Not" -> !truth(args.get(0));
      case "Fn::And" -> args.stream().allMatch(this::truth);
      case "Fn::Or" -> args.stream().anyMatch(this::truth);
      case "Condition" -> condition(String.valueOf(args.get(0)));
      case "Fn::EachMemberEquals" ->
          list(value(args.get(0)), "list").stream()
              .allMatch(v -> String.valueOf(v).equals(String.valueOf(value(args.get(1)))));
      case "Fn::Contains" ->
          list(value(args.get(0)), "list").stream()
              .anyMatch(v -> String.valueOf(v).equals(String.valueOf(value(args.get(1)))));
      default ->
          throw new AssertionError("condition function not supported here: " + entry.getKey());
    };
  }

  /** The value of a parameter reference, a Join or a literal. */
  private Object value(Object expression) {
    if (expression instanceof Map<?, ?> m && m.size() == 1) {
      if (m.containsKey("Ref")) {
        String name = String.valueOf(m.get("Ref"));
        if (!parameters.containsKey(name)) {
          throw new AssertionError("Ref of something that is not a parameter: " + name);
        }
        return parameters.get(name);
      }
      if (m.containsKey("Fn::Join")) {
        List<Object> args = list(m.get("Fn::Join"), "Join");
        List<String> parts = new ArrayList<>();
        Object joined = value(args.get(1));
        for (Object part : joined instanceof List<?> l ? l : List.of(joined)) {
          parts.add(String.valueOf(value(part)));
        }
        return String.join(String.valueOf(args.get(0)), parts);
      }
    }
    if (expression instanceof List<?> l) {
      return l.stream().map(this::value).toList();
    }
    return expression;
  }

  private Object resolveOrNoValue(Object value) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.containsKey("Fn::If")) {
        List<Object> args = list(m.get("Fn::If"), "If");
        return resolveOrNoValue(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
      }
      if (m.size() == 1 && "AWS::NoValue".equals(m.get("Ref"))) {
        return NO_VALUE;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            Object r = resolveOrNoValue(v);
            if (r != NO_VALUE) {
              out.put(String.valueOf(k), r);
            }
          });
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        Object r = resolveOrNoValue(o);
        if (r != NO_VALUE) {
          out.add(r);
        }
      }
      return out;
    }
    return value;
  }
}
