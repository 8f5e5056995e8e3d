package com.totaltotes.pipeline.testing.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The events AWS sends the functions, made from the samples in {@code sam/events/} (the shapes
 * {@code sam local invoke} uses and a deploy test checks), with the fields that vary filled in.
 */
public final class LambdaEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LambdaEvents() {}

  /** EventBridge's Scheduled Event at {@code time} (whole seconds, as EventBridge sends it). */
  public static String scheduledTick(Instant time) {
    ObjectNode event = sample("scheduled-tick.json");
    event.put("id", UUID.randomUUID().toString());
    event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    return write(event);
  }

  /**
   * S3's {@code ObjectCreated:Put} notification of {@code key} ({@code size} bytes) at {@code at}.
   */
  public static String s3ObjectCreated(String bucket, String key, long size, Instant at) {
    ObjectNode event = sample("s3-put-ingest-manifest.json");
    ObjectNode record = (ObjectNode) event.withArray("Records").get(0);
    record.put("eventTime", at.toString());
    ObjectNode object = s3Entity(record, bucket);
    object.put("key", key);
    object.put("size", size);
    return write(event);
  }

  /**
   * The sample notification (a manifest of the sample's key and size), as if from {@code bucket}.
   */
  public static String s3ObjectCreated(String bucket) {
    ObjectNode event = sample("s3-put-ingest-manifest.json");
    s3Entity((ObjectNode) event.withArray("Records").get(0), bucket);
    return write(event);
  }

  /** Points the record at {@code bucket}; returns its {@code object}. */
  private static ObjectNode s3Entity(ObjectNode record, String bucket) {
    ObjectNode s3 = (ObjectNode) record.get("s3");
    ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
    return (ObjectNode) s3.get("object");
  }

  private static ObjectNode sample(String name) {
    try {
      return (ObjectNode) JSON.readTree(ProjectFiles.read("sam/events/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sam/events/" + name, e);
    }
  }

  private static String write(ObjectNode event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
