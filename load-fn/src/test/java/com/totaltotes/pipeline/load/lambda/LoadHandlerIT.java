package com.totaltotes.pipeline.load.lambda;

import com.totaltotes.pipeline.testing.FunctionOutput;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same tests against the packaged function (run with -Dnative; see the parent pom): its output
 * is read from the packaged app's log instead of this JVM's stdout.
 */
@QuarkusIntegrationTest
class LoadHandlerIT extends LoadHandlerTest {
  @Override
  protected FunctionOutput capture() {
    return FunctionOutput.packagedFunction();
  }
}
