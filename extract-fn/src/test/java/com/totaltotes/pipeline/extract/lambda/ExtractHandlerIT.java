package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.testing.FunctionOutput;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged function (run with -Dnative; see the parent pom). */
@QuarkusIntegrationTest
class ExtractHandlerIT extends ExtractHandlerTest {
  @Override
  protected FunctionOutput capture() {
    return FunctionOutput.packagedFunction();
  }
}
