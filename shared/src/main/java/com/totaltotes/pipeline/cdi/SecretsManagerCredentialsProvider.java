package com.totaltotes.pipeline.cdi;

import com.totaltotes.pipeline.credentials.DatabaseCredentials;
import com.totaltotes.pipeline.credentials.DatabaseLogin;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/**
 * The user and password of a Quarkus datasource, read from its RDS-format secret in Secrets Manager
 * through {@link DatabaseCredentials} (cached for the TTL, dropped after a refused login). A
 * datasource names it with {@code credentials-provider-name=totes-secrets-manager} and passes its
 * secret id as {@code credentials-provider}. Agroal asks again for every new connection, so a
 * rotated password is picked up without a restart.
 */
@ApplicationScoped
@Named(SecretsManagerCredentialsProvider.NAME)
public class SecretsManagerCredentialsProvider implements CredentialsProvider {
  public static final String NAME = "totes-secrets-manager";

  @Inject DatabaseCredentials credentials;

  @Override
  public Map<String, String> getCredentials(String secretId) {
    DatabaseLogin secret = credentials.get(secretId);
    return Map.of(USER_PROPERTY_NAME, secret.username(), PASSWORD_PROPERTY_NAME, secret.password());
  }
}
