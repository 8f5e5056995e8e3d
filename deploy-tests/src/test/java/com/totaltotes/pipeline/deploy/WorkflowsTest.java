package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.list;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.CloudFormationYaml;
import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GitHub workflows are valid YAML and run the commands README.md and docs/DEPLOY.md give: the
 * tests, the native container build, and `sam deploy` with an OIDC-assumed role (no stored keys).
 */
class WorkflowsTest {
  private static final String CI = ".github/workflows/ci.yml";
  private static final String DEPLOY = ".github/workflows/deploy.yml";
  private static final String TEST_COMMAND = "./mvnw -B verify";

  private static Map<String, Object> workflow(String file) {
    return CloudFormationYaml.load(ProjectFiles.path(file));
  }

  /** The workflow's triggers (`on:` is the boolean true to a YAML 1.1 reader). */
  private static Map<String, Object> triggers(Map<String, Object> workflow) {
    Object on =
        workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(Boolean.TRUE);
    return map(on, "on");
  }

  private static Map<String, Object> job(Map<String, Object> workflow, String name) {
    return map(map(workflow.get("jobs"), "jobs").get(name), "job " + name);
  }

  private static List<Map<String, Object>> steps(Map<String, Object> job) {
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Object step : list(job.get("steps"), "steps")) {
      steps.add(map(step, "step"));
    }
    return steps;
  }

  private static List<String> runs(Map<String, Object> job) {
    return steps(job).stream()
        .filter(s -> s.containsKey("run"))
        .map(s -> String.valueOf(s.get("run")).strip())
        .toList();
  }

  private static Map<String, Object> uses(Map<String, Object> job, String action) {
    return steps(job).stream()
        .filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step uses " + action));
  }

  @Test
  void ciRunsTheReadmeTestCommandOnEveryPushAndPullRequest() {
    Map<String, Object> ci = workflow(CI);
    assertThat(triggers(ci)).containsKeys("push", "pull_request");
    assertThat(runs(job(ci, "test"))).contains(TEST_COMMAND);
    assertThat(ProjectFiles.read("README.md")).contains(TEST_COMMAND);
    assertThat(ProjectFiles.read(".ci/run")).contains(TEST_COMMAND);
  }

  @Test
  void deployRunsOnMainAndByHandAfterTheTestsAndTheNativeBuild() {
    Map<String, Object> deploy = workflow(DEPLOY);
    Map<String, Object> on = triggers(deploy);
    assertThat(map(on.get("push"), "push")).containsEntry("branches", List.of("main"));
    assertThat(on).containsKey("workflow_dispatch");
    assertThat(runs(job(deploy, "test"))).contains(TEST_COMMAND);
    assertThat(job(deploy, "native")).containsEntry("needs", "test");
    assertThat(job(deploy, "deploy")).containsEntry("needs", "native");
  }

  @Test
  void theNativeBuildUsesTheContainerBuildAndPublishesTheZipsTheTemplateDeploys() {
    Map<String, Object> nativeJob = job(workflow(DEPLOY), "native");
    assertThat(runs(nativeJob))
        .anySatisfy(
            run ->
                assertThat(run)
                    .startsWith(TEST_COMMAND + " ")
                    .contains(
                        " -Dnative ",
                        " -Dquarkus.native.container-build=true ",
                        // issue 29: the Mandrel release verified here, not the moving default
                        " -Dquarkus.native.builder-image=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:25.0.3.0-Final-java25"
                            + " ",
                        // the event chain too, against the native executables
                        " -pl extract-fn,transform-fn,load-fn,deploy-tests -am"));
    Map<String, Object> upload =
        map(uses(nativeJob, "actions/upload-artifact").get("with"), "with");
    List<String> zips =
        SamTemplate.FUNCTIONS.values().stream()
            .map(m -> m + "/target/function.zip")
            .sorted()
            .toList();
    assertThat(
            String.valueOf(upload.get("path"))
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .sorted())
        .containsExactlyElementsOf(zips);
    SamTemplate template = SamTemplate.load();
    for (var function : SamTemplate.FUNCTIONS.entrySet()) {
      assertThat(template.properties(function.getKey()).get("CodeUri"))
          .isEqualTo("../" + function.getValue() + "/target/function.zip");
    }
  }

  @Test
  void deployAssumesARoleThroughOidcAndHoldsNoKeys() {
    Map<String, Object> deployJob = job(workflow(DEPLOY), "deploy");
    assertThat(map(deployJob.get("permissions"), "permissions")).containsEntry("id-token", "write");
    Map<String, Object> credentials =
        map(uses(deployJob, "aws-actions/configure-aws-credentials").get("with"), "with");
    assertThat(String.valueOf(credentials.get("role-to-assume")))
        .isEqualTo("${{ secrets.AWS_DEPLOY_ROLE_ARN }}");
    assertThat(credentials)
        .containsKey("aws-region")
        .doesNotContainKeys("aws-access-key-id", "aws-secret-access-key", "aws-session-token");
    for (String file : List.of(CI, DEPLOY)) {
      assertThat(ProjectFiles.read(file))
          .as(file)
          .doesNotContain(
              "aws-access-key-id",
              "aws-secret-access-key",
              "AWS_SECRET_ACCESS_KEY",
              "AWS_ACCESS_KEY_ID");
    }
  }

  @Test
  void deployRunsSamDeployFromTheSamDirectoryWithEveryRequiredParameter() {
    Map<String, Object> deployJob = job(workflow(DEPLOY), "deploy");
    uses(deployJob, "aws-actions/setup-sam");
    Map<String, Object> step =
        steps(deployJob).stream()
            .filter(s -> String.valueOf(s.get("run")).startsWith("sam deploy"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no sam deploy step"));
    assertThat(step).containsEntry("working-directory", "sam");
    String run = String.valueOf(step.get("run"));
    assertThat(run)
        .contains(
            "--config-file samconfig.toml",
            "--no-fail-on-empty-changeset",
            "--parameter-overrides");
    SamTemplate template = SamTemplate.load();
    template
        .parameters()
        .forEach(
            (name, definition) -> {
              if (!map(definition, name).containsKey("Default")) {
                assertThat(run)
                    .as("sam deploy gives the required parameter %s", name)
                    .contains(name + "=");
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {CI, DEPLOY})
  void everyActionIsPinnedToAFullCommitShaNamedByItsVersion(String file) {
    // issue 13: a tag can be moved to other code; a commit cannot. The comment says which release.
    Map<String, Object> workflow = workflow(file);
    List<String> used = new ArrayList<>();
    map(workflow.get("jobs"), "jobs")
        .forEach(
            (name, job) ->
                steps(map(job, name))
                    .forEach(
                        step -> {
                          if (step.containsKey("uses")) {
                            String uses = String.valueOf(step.get("uses"));
                            assertThat(uses)
                                .as("%s %s", file, name)
                                .matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");
                            used.add(uses);
                          }
                        }));
    assertThat(used).isNotEmpty();
    List<String> lines = ProjectFiles.read(file).lines().filter(l -> l.contains("uses:")).toList();
    assertThat(lines)
        .hasSameSizeAs(used)
        .allSatisfy(
            line ->
                assertThat(line)
                    .matches("\\s*(- )?uses: [\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v\\d+(\\.\\d+)*"));
  }

  @Test
  void oneActionIsPinnedToTheSameCommitEverywhere() {
    Map<String, String> shaByAction = new java.util.HashMap<>();
    for (String file : List.of(CI, DEPLOY)) {
      map(workflow(file).get("jobs"), "jobs")
          .forEach(
              (name, job) ->
                  steps(map(job, name))
                      .forEach(
                          step -> {
                            if (step.containsKey("uses")) {
                              String[] parts = String.valueOf(step.get("uses")).split("@");
                              String before = shaByAction.putIfAbsent(parts[0], parts[1]);
                              assertThat(before == null ? parts[1] : before)
                                  .as(parts[0])
                                  .isEqualTo(parts[1]);
                            }
                          }));
    }
  }

  @Test
  void deployRefusesAZipWithoutANativeBootstrapBeforeSamDeploy() {
    // issue 13: the native Packaging runs bootstrap; a JVM zip would deploy and fail every
    // invocation
    List<Map<String, Object>> steps = steps(job(workflow(DEPLOY), "deploy"));
    int check = -1;
    int deploy = -1;
    for (int i = 0; i < steps.size(); i++) {
      String run = String.valueOf(steps.get(i).get("run"));
      if (run.contains("grep -q ' bootstrap$'")) {
        check = i;
      }
      if (run.startsWith("sam deploy")) {
        deploy = i;
      }
    }
    assertThat(check).as("a step checks the zips for bootstrap").isNotNegative().isLessThan(deploy);
    String run = String.valueOf(steps.get(check).get("run"));
    assertThat(run).contains("unzip -l", "exit 1", "no bootstrap entry");
    for (String module : SamTemplate.FUNCTIONS.values()) {
      assertThat(run).contains(module + "/target/function.zip");
    }
    assertThat(String.valueOf(steps.get(deploy).get("run"))).contains("\"Packaging=native\"");
  }

  @Test
  void deployDocsGiveTheSameCommandsAsTheWorkflow() {
    String docs = ProjectFiles.read("docs/DEPLOY.md");
    String nativeBuild =
        runs(job(workflow(DEPLOY), "native")).stream()
            .filter(r -> r.contains("-Dnative"))
            .findFirst()
            .orElseThrow();
    assertThat(docs).contains(nativeBuild);
    assertThat(docs)
        .contains(
            "sam deploy --guided", "sam deploy --config-file samconfig.toml", "sam local invoke");
    assertThat(docs).contains("--env-vars env.json");
    for (String event :
        List.of(
            "scheduled-tick.json",
            "s3-put-ingest-manifest.json",
            "s3-put-processed-manifest.json")) {
      assertThat(docs)
          .as("DEPLOY.md shows how to invoke with %s", event)
          .contains("events/" + event);
    }
    assertThat(ProjectFiles.read("README.md")).contains(TEST_COMMAND);
  }
}
