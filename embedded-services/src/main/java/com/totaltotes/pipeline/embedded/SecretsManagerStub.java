package com.totaltotes.pipeline.embedded;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Json;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A wire-level stub of AWS Secrets Manager's {@code GetSecretValue} (JSON 1.1 protocol), for tests:
 * there is no offline Secrets Manager server. Unknown ids answer ResourceNotFoundException as AWS
 * does.
 */
public final class SecretsManagerStub implements AutoCloseable {
  private final WireMockServer wm;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  public SecretsManagerStub() {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/"))
            .atPriority(10)
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager"
                            + " can't find the specified secret.\"}")));
  }

  public URI endpoint() {
    return URI.create(wm.baseUrl());
  }

  /** Serves {@code secretString} for {@code secretId} from now on (replacing any earlier value). */
  public void putSecret(String secretId, String secretString) {
    secrets.put(secretId, secretString);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + secretId);
    response.put("Name", secretId);
    response.put("VersionId", "v1");
    response.put("SecretString", secretString);
    String body = Json.write(response);
    wm.stubFor(
        post(urlEqualTo("/"))
            .atPriority(1)
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  /** The secret string served for {@code secretId}, or null. */
  public String secretString(String secretId) {
    return secrets.get(secretId);
  }

  /** An RDS-format secret string for a database. */
  public static String rdsSecret(String host, int port, String user, String password, String db) {
    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("engine", "postgres");
    secret.put("host", host);
    secret.put("port", port);
    secret.put("username", user);
    secret.put("password", password);
    secret.put("dbname", db);
    return Json.write(secret);
  }

  /** How many GetSecretValue calls asked for {@code secretId}. */
  public int callsFor(String secretId) {
    return wm.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId))))
        .size();
  }

  @Override
  public void close() {
    wm.stop();
  }
}
