package com.totaltotes.pipeline.cli;

/** The two buckets of a workspace: raw JSON Lines from extract, Parquet from transform. */
public record Buckets(String ingest, String processed) {
  public static final String DEFAULT_INGEST = "ingest";
  public static final String DEFAULT_PROCESSED = "processed";

  public Buckets {
    requireName(ingest, "ingest");
    requireName(processed, "processed");
    if (ingest.equals(processed)) {
      throw new IllegalArgumentException("the ingest and processed buckets must differ: " + ingest);
    }
  }

  /** {@code ingest} and {@code processed}. */
  public static Buckets defaults() {
    return new Buckets(DEFAULT_INGEST, DEFAULT_PROCESSED);
  }

  private static void requireName(String name, String which) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "the "
              + which
              + " bucket name '"
              + name
              + "' is not a valid S3 bucket name"
              + " (3-63 characters: lower-case letters, digits, dots and hyphens)");
    }
  }
}
