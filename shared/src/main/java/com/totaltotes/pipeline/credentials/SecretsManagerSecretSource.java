package com.totaltotes.pipeline.credentials;

import com.totaltotes.pipeline.PipelineException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** {@link SecretSource} over AWS Secrets Manager {@code GetSecretValue}. */
public final class SecretsManagerSecretSource implements SecretSource {
  private final SecretsManagerClient client;

  public SecretsManagerSecretSource(SecretsManagerClient client) {
    this.client = client;
  }

  @Override
  public String secretString(String secretId) {
    if (secretId == null || secretId.isBlank()) {
      throw PipelineException.permanentFailure("no secret id configured");
    }
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(b -> b.secretId(secretId));
    } catch (ResourceNotFoundException e) {
      throw new SecretNotFoundException(secretId, e);
    } catch (SecretsManagerException e) {
      int status = e.statusCode();
      if (status == 400 || status == 403) {
        throw new SecretNotFoundException(secretId, e);
      }
      throw PipelineException.transientFailure(
          "Secrets Manager failed to return secret '" + secretId + "' (HTTP " + status + ")", e);
    } catch (SdkClientException e) {
      throw PipelineException.transientFailure(
          "Secrets Manager is unreachable while reading secret '" + secretId + "'", e);
    }
    if (response.secretString() == null) {
      throw new MalformedSecretException(secretId, "it has no SecretString (binary secret?)");
    }
    return response.secretString();
  }
}
