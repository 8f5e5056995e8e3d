package com.totaltotes.pipeline.transform.lambda;

import com.totaltotes.pipeline.testing.PipelineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The transform handler's tests in this JVM, through Quarkus' Lambda test support. */
@QuarkusTest
@QuarkusTestResource(PipelineTestResource.class)
class TransformHandlerTest extends TransformHandlerContract {}
