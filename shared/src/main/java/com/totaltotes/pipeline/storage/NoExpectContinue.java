package com.totaltotes.pipeline.storage;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops the {@code Expect: 100-continue} header the S3 client adds to uploads. With the
 * URLConnection HTTP client and S3-compatible servers (S3Proxy) the 100-continue handshake on a
 * reused connection intermittently fails with "Unexpected end of file from server". Registered only
 * for S3-compatible endpoints (local runner, tests), never for AWS S3.
 */
public final class NoExpectContinue implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
    return context.httpRequest().toBuilder().removeHeader("Expect").build();
  }
}
