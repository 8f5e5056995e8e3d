package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.testing.FunctionOutput;
import com.totaltotes.pipeline.testing.lambda.PackagedFunctionExtension;
import com.totaltotes.pipeline.testing.lambda.PackagedFunctionTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same tests against the packaged function, {@code target/function.zip}, as Lambda runs it: its
 * own process polling a Lambda Runtime API (JVM here, the native executable with {@code -Dnative}),
 * configured by the environment variables {@code sam/template.yaml} gives LoadFunction.
 */
@PackagedFunctionTest("LoadFunction")
class LoadHandlerIT extends LoadHandlerContract {
  @BeforeAll
  static void postEventsToThePackagedFunction() {
    RestAssured.baseURI = "http://localhost";
    RestAssured.port = PackagedFunctionExtension.current().port();
    RestAssured.basePath = "/_lambda_";
  }

  @Override
  protected FunctionOutput capture() {
    return FunctionOutput.logFile(PackagedFunctionExtension.current().log());
  }
}
