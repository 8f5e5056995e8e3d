package com.totaltotes.pipeline.transform.lambda;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged function (run with -Dnative; see the parent pom). */
@QuarkusIntegrationTest
class TransformHandlerIT extends TransformHandlerTest {}
