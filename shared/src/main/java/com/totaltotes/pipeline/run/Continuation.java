package com.totaltotes.pipeline.run;

import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A function's request to be invoked again at once because it left work (issue 16): a small object
 * {@code _continue/<function>/<time>-<attempt>.json} in a bucket the function writes anyway, whose
 * S3 ObjectCreated notification the template routes back to the function. No extra permission is
 * needed beyond writing that prefix, and no AWS client beyond S3; the notification is a wake-up
 * call like any other (at least once, maybe late): the woken function works out what is pending
 * from the manifests. A lifecycle rule expires the objects after a day.
 */
public final class Continuation {
  /** Prefix of every continuation request. */
  public static final String PREFIX = "_continue/";

  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectStore store;
  private final String bucket;
  private final String function;

  /**
   * @param stage the stage to wake: the template routes {@code _continue/<stage>/} to it
   */
  public Continuation(ObjectStore store, String bucket, Stage stage) {
    this.store = store;
    this.bucket = bucket;
    this.function = stage.id();
  }

  /** True when {@code key} is a continuation request of {@code stage}. */
  public static boolean isRequest(String key, Stage stage) {
    return key != null && key.startsWith(PREFIX + stage.id() + "/") && key.endsWith(".json");
  }

  /** Writes a request; returns its key. {@code reason} is a short text (no secret). */
  public String request(Instant now, String reason) {
    String key = PREFIX + function + "/" + NAME.format(now) + "-" + Attempt.next() + ".json";
    String body =
        "{\"function\":\""
            + function
            + "\",\"requestedAt\":\""
            + now
            + "\",\"reason\":\""
            + reason.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
    try (ObjectOutput out = store.create(bucket, key)) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write s3://" + bucket + "/" + key, e);
    }
    return key;
  }
}
