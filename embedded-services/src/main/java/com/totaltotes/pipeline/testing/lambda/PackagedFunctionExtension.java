package com.totaltotes.pipeline.testing.lambda;

import com.totaltotes.pipeline.embedded.EmbeddedS3Server;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import com.totaltotes.pipeline.testing.sam.TemplateEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The extension behind {@link PackagedFunctionTest}. */
public final class PackagedFunctionExtension implements BeforeAllCallback, AfterAllCallback {
  private static volatile PackagedFunction current;

  /** The function the running test class talks to. */
  public static PackagedFunction current() {
    if (current == null) {
      throw new IllegalStateException("no @PackagedFunctionTest is running");
    }
    return current;
  }

  /**
   * A stack of the template named {@code namePrefix}, reading the secrets {@link
   * PipelineTestResource} serves, with other parameters as given (name, value…).
   */
  public static TemplateEvaluator testStack(String namePrefix, String... parameters) {
    List<String> given =
        new ArrayList<>(
            List.of(
                "NamePrefix",
                namePrefix,
                "TotesysSecretArn",
                PipelineTestResource.TOTESYS_SECRET,
                "WarehouseSecretArn",
                PipelineTestResource.WAREHOUSE_SECRET));
    given.addAll(List.of(parameters));
    return PackagedFunction.stack(given.toArray(String[]::new));
  }

  /** The name the template gives bucket {@code logicalId} in {@code stack}. */
  public static String bucketName(TemplateEvaluator stack, String logicalId) {
    return stack.text(
        SamTemplate.load().properties(logicalId).get("BucketName"),
        PackagedFunction.pseudoParameters());
  }

  /** Where the function finds the local services: what needs no setting on AWS. */
  public static Map<String, String> localEndpoints(PipelineTestResource.Services services) {
    return Map.of(
        "QUARKUS_S3_ENDPOINT_OVERRIDE",
        services.s3().endpoint().toString(),
        "QUARKUS_S3_PATH_STYLE_ACCESS",
        "true",
        "SECRETS_ENDPOINT_OVERRIDE",
        services.secrets().endpoint().toString(),
        // the function role's credentials, as Lambda hands them over: S3Proxy's keys here
        "AWS_ACCESS_KEY_ID",
        EmbeddedS3Server.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY",
        EmbeddedS3Server.SECRET_KEY);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String function =
        context.getRequiredTestClass().getAnnotation(PackagedFunctionTest.class).value();
    TemplateEvaluator stack = testStack("it" + UUID.randomUUID().toString().substring(0, 8));
    PipelineTestResource.Services services =
        PipelineTestResource.startServices(
            bucketName(stack, "IngestBucket"), bucketName(stack, "ProcessedBucket"));
    current =
        PackagedFunction.start(
            stack,
            function,
            PackagedFunction.templateEnvironment(stack, function, services.secrets()),
            localEndpoints(services));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (current != null) {
        current.close();
      }
    } finally {
      current = null;
      new PipelineTestResource().stop();
    }
  }
}
