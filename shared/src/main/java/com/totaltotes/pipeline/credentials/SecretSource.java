package com.totaltotes.pipeline.credentials;

/** Where secret strings come from (AWS Secrets Manager in production, a WireMock stub in tests). */
public interface SecretSource {
  /**
   * Returns the current secret string of {@code secretId}.
   *
   * @throws SecretNotFoundException when no such secret exists
   * @throws com.totaltotes.pipeline.PipelineException (transient) when the service cannot be
   *     reached
   */
  String secretString(String secretId);
}
