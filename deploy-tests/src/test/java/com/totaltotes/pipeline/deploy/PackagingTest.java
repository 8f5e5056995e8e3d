package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.FUNCTIONS;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.SamTemplate;
import com.totaltotes.pipeline.testing.sam.TemplateEvaluator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: the Packaging parameter. native (the default) deploys the GraalVM executables on
 * provided.al2023; jvm deploys the JVM function.zip of {@code ./mvnw package} on the managed Java
 * runtime with SnapStart, for a first deploy from a machine with only a JDK. Both are evaluated
 * here as CloudFormation would evaluate them.
 */
class PackagingTest {
  private static final SamTemplate T = SamTemplate.load();
  private static final String JVM_HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

  @Test
  void packagingIsNativeByDefaultOrJvm() {
    assertThat(map(T.parameters().get("Packaging"), "Packaging"))
        .containsEntry("Type", "String")
        .containsEntry("Default", "native")
        .containsEntry("AllowedValues", List.of("native", "jvm"));
    assertThat(new TemplateEvaluator(T).condition("IsJvm")).isFalse();
    assertThat(new TemplateEvaluator(T, "Packaging", "jvm").condition("IsJvm")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ExtractFunction", "TransformFunction", "LoadFunction"})
  void nativeRunsTheBootstrapOnAmazonLinux2023WithoutSignalHandlersOrSnapStart(String function) {
    Map<String, Object> f = new TemplateEvaluator(T, "Packaging", "native").function(function);
    assertThat(f)
        .containsEntry("Runtime", "provided.al2023")
        .containsEntry("Architectures", List.of("x86_64"))
        .doesNotContainKey("SnapStart");
    assertThat(variables(f)).containsEntry("DISABLE_SIGNAL_HANDLERS", "true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ExtractFunction", "TransformFunction", "LoadFunction"})
  void jvmRunsTheQuarkusStreamHandlerOnTheManagedJavaRuntimeWithSnapStart(String function) {
    Map<String, Object> f = new TemplateEvaluator(T, "Packaging", "jvm").function(function);
    // java17 can no longer be created (cfn-lint E2533); the Java 17 bytecode runs on java21
    assertThat(f)
        .containsEntry("Runtime", "java21")
        .containsEntry("Handler", JVM_HANDLER)
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    assertThat(variables(f))
        .doesNotContainKey("DISABLE_SIGNAL_HANDLERS")
        // quarkus.snapstart.enable is read at build time only: a variable would change nothing
        .doesNotContainKeys("QUARKUS_SNAPSTART_ENABLE", "QUARKUS_SNAPSTART_ENABLED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jvm"})
  void bothPackagingsDeployTheModulesFunctionZipBehindTheLiveAlias(String packaging) {
    TemplateEvaluator stack = new TemplateEvaluator(T, "Packaging", packaging);
    for (var function : FUNCTIONS.entrySet()) {
      Map<String, Object> f = stack.function(function.getKey());
      // Quarkus writes target/function.zip in both builds: bootstrap + executable, or jar + lib/
      assertThat(f)
          .as("%s %s", packaging, function.getKey())
          .containsEntry("CodeUri", "../" + function.getValue() + "/target/function.zip")
          // SAM points the schedule, the S3 notifications and the async-invoke config at the alias
          .containsEntry("AutoPublishAlias", "live")
          .containsEntry("AutoPublishAliasAllProperties", true);
      assertThat(f.get("Handler")).isInstanceOf(String.class);
    }
  }

  @Test
  void theSwitchIsInGlobalsSoNoFunctionOverridesIt() {
    Map<String, Object> global = T.globalFunction();
    assertThat(global.get("Runtime"))
        .isEqualTo(Map.of("Fn::If", List.of("IsJvm", "java21", "provided.al2023")));
    assertThat(global.get("SnapStart"))
        .isEqualTo(
            Map.of(
                "Fn::If",
                List.of("IsJvm", Map.of("ApplyOn", "PublishedVersions"), ref("AWS::NoValue"))));
    assertThat(T.section("Conditions").get("IsJvm"))
        .isEqualTo(Map.of("Fn::Equals", List.of(ref("Packaging"), "jvm")));
    for (String function : FUNCTIONS.keySet()) {
      assertThat(T.properties(function))
          .as(function)
          .doesNotContainKeys(
              "Runtime", "Handler", "SnapStart", "AutoPublishAlias", "Architectures");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> variables(Map<String, Object> function) {
    return (Map<String, Object>) map(function.get("Environment"), "Environment").get("Variables");
  }
}
