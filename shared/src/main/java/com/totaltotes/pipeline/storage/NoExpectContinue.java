package com.totaltotes.pipeline.storage;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops the {@code Expect: 100-continue} header the S3 client adds to uploads. With the
 * URLConnection HTTP client and S3-compatible servers (S3Proxy) the 100-continue handshake on a
 * reused connection intermittently fails with "Unexpected end of file from server". It acts only
 * when the client's endpoint is overridden (an S3-compatible server: local runner, tests), never
 * against AWS S3, so it can be registered everywhere.
 */
public final class NoExpectContinue implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
    if (!Boolean.TRUE.equals(
        executionAttributes.getAttribute(SdkExecutionAttribute.ENDPOINT_OVERRIDDEN))) {
      return context.httpRequest(); // AWS S3 itself: keep the SDK's behaviour
    }
    return context.httpRequest().toBuilder().removeHeader("Expect").build();
  }
}
