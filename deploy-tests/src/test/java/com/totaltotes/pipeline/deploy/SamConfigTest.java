package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** sam/samconfig.toml and sam/env.json: the settings `sam deploy` and `sam local invoke` read. */
class SamConfigTest {

  /** {@code [section]} → key → raw value, for the flat TOML SAM writes. */
  private static Map<String, Map<String, String>> toml(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = sections.computeIfAbsent("", k -> new LinkedHashMap<>());
    Pattern section = Pattern.compile("^\\[([\\w.]+)]$");
    Pattern entry = Pattern.compile("^([\\w-]+)\\s*=\\s*(.+)$");
    for (String line : text.lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher s = section.matcher(line);
      Matcher e = entry.matcher(line);
      if (s.matches()) {
        current = sections.computeIfAbsent(s.group(1), k -> new LinkedHashMap<>());
      } else if (e.matches()) {
        current.put(e.group(1), e.group(2));
      } else {
        throw new AssertionError("not a TOML line SAM understands: " + line);
      }
    }
    return sections;
  }

  @Test
  void deployUploadsThroughS3WithIamCapabilityIntoTheTotesPipelineStack() {
    Map<String, Map<String, String>> config = toml(ProjectFiles.read("sam/samconfig.toml"));
    assertThat(config.get("")).containsEntry("version", "0.1");
    assertThat(config.get("default.deploy.parameters"))
        .containsEntry("stack_name", "\"totes-pipeline\"")
        // transform-fn's function.zip (~85 MB) is over Lambda's 50 MB direct upload limit
        .containsEntry("resolve_s3", "true")
        .containsEntry("capabilities", "\"CAPABILITY_IAM\"")
        .containsEntry("template_file", "\"template.yaml\"");
    assertThat(config.get("default.local_invoke.parameters"))
        .containsEntry("env_vars", "\"env.json\"");
    assertThat(ProjectFiles.read("sam/samconfig.toml"))
        .doesNotContain("arn:aws:secretsmanager", "@");
  }

  @Test
  void envJsonSetsEachFunctionsVariablesByNameAndHoldsNoSecret() throws IOException {
    Map<String, Map<String, String>> env =
        new ObjectMapper()
            .readValue(ProjectFiles.path("sam/env.json").toFile(), new TypeReference<>() {});
    SamTemplate template = SamTemplate.load();
    assertThat(env).containsOnlyKeys(SamTemplate.FUNCTIONS.keySet());
    env.forEach(
        (function, variables) -> {
          Map<String, Object> declared =
              map(
                  map(template.properties(function).get("Environment"), "Environment")
                      .get("Variables"),
                  "Variables");
          // sam local invoke only overrides variables the template declares for the function
          assertThat(variables.keySet()).as(function).isEqualTo(declared.keySet());
          variables.forEach(
              (name, value) ->
                  assertThat(value)
                      .as("%s %s", function, name)
                      .doesNotContainIgnoringCase("password")
                      .doesNotContain("postgres://", "\"password\"", "@")
                      // a JDBC URL names host, port and database only; user and password come from
                      // the secret
                      .satisfies(
                          v ->
                              assertThat(v.startsWith("jdbc:") || !v.contains("postgresql://"))
                                  .isTrue()));
        });
  }
}
