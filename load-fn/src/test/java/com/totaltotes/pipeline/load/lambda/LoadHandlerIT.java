package com.totaltotes.pipeline.load.lambda;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged function (run with -Dnative; see the parent pom). */
@QuarkusIntegrationTest
class LoadHandlerIT extends LoadHandlerTest {}
