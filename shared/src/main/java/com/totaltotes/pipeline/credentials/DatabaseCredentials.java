package com.totaltotes.pipeline.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads RDS-format database secrets and caches them for a TTL, so a warm Lambda does not call
 * Secrets Manager on every invocation. {@link #invalidate(String)} drops one entry (after an
 * authentication failure, i.e. a rotated password).
 */
public final class DatabaseCredentials {
  private final SecretSource source;
  private final Clock clock;
  private final Duration ttl;
  private static final ObjectReader JSON = new ObjectMapper().reader();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(DatabaseLogin secret, Instant expires) {}

  public DatabaseCredentials(SecretSource source, Clock clock, Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * The secret's database credentials, from the cache while fresh.
   *
   * @throws SecretNotFoundException when the secret does not exist
   * @throws MalformedSecretException when it is not an RDS-format database secret
   */
  public DatabaseLogin get(String secretId) {
    Instant now = clock.instant();
    Cached cached = cache.get(secretId);
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.secret();
    }
    DatabaseLogin secret = parse(secretId, source.secretString(secretId));
    cache.put(secretId, new Cached(secret, now.plus(ttl)));
    return secret;
  }

  /** Forgets the cached value, so the next {@link #get} reads the secret again. */
  public void invalidate(String secretId) {
    cache.remove(secretId);
  }

  static DatabaseLogin parse(String secretId, String secretString) {
    JsonNode node;
    try {
      node = JSON.readTree(secretString);
    } catch (JsonProcessingException e) {
      // the parser's message may quote the secret text: keep only the position
      throw new MalformedSecretException(
          secretId,
          "not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (node == null || !node.isObject()) {
      throw new MalformedSecretException(secretId, "not a JSON object");
    }
    String engine = text(node, "engine", false, secretId);
    if (engine != null && !engine.startsWith("postgres")) {
      throw new MalformedSecretException(secretId, "engine is '" + engine + "', not postgres");
    }
    String portText = text(node, "port", false, secretId);
    int port;
    try {
      port = portText == null ? 5432 : Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      throw new MalformedSecretException(secretId, "port is not a number");
    }
    try {
      return new DatabaseLogin(
          engine == null ? "postgres" : engine,
          text(node, "host", true, secretId),
          port,
          text(node, "username", true, secretId),
          text(node, "password", true, secretId),
          text(node, "dbname", true, secretId));
    } catch (IllegalArgumentException e) {
      throw new MalformedSecretException(secretId, e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, boolean required, String secretId) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new MalformedSecretException(secretId, "field '" + field + "' is missing");
      }
      return null;
    }
    if (!value.isValueNode()) {
      throw new MalformedSecretException(secretId, "field '" + field + "' is not a plain value");
    }
    return value.asText();
  }
}
