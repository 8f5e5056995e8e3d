package com.totaltotes.pipeline.extract.lambda;

import com.totaltotes.pipeline.testing.FunctionOutput;
import com.totaltotes.pipeline.testing.PipelineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The extract handler's tests in this JVM, through Quarkus' Lambda test support. */
@QuarkusTest
@QuarkusTestResource(PipelineTestResource.class)
class ExtractHandlerTest extends ExtractHandlerContract {
  @Override
  protected FunctionOutput capture() {
    return FunctionOutput.inThisJvm();
  }
}
