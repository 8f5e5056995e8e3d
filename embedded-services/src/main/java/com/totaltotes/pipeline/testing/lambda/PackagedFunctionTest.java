package com.totaltotes.pipeline.testing.lambda;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against one packaged function of {@code sam/template.yaml} as its own process
 * ({@link PackagedFunction}), with the services of {@link
 * com.totaltotes.pipeline.testing.PipelineTestResource} started first: buckets named as the
 * template names them, the function configured by the template's environment variables.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PackagedFunctionExtension.class)
public @interface PackagedFunctionTest {
  /** The function's logical id in the template, e.g. {@code ExtractFunction}. */
  String value();
}
