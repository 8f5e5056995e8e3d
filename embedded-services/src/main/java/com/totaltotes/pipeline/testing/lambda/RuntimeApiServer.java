package com.totaltotes.pipeline.testing.lambda;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus' mock event server as a Lambda Runtime API for AWS's runtime interface client: the real
 * API answers an error report with {@code 202 Accepted}, and the client exits on anything else (the
 * mock answers 204, which the Quarkus poll loop accepts).
 */
final class RuntimeApiServer extends MockEventServer {
  @Override
  public void handleError(RoutingContext ctx) {
    RoutingContext pending = responsePending.remove(ctx.pathParam("requestId"));
    if (pending == null) {
      ctx.fail(404);
      return;
    }
    processError(ctx, pending, ctx.body().buffer());
    ctx.response().setStatusCode(202).end();
  }
}
