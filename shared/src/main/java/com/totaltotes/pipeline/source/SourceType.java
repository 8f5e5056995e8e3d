package com.totaltotes.pipeline.source;

import java.util.Locale;

/**
 * The families of source column types the pipeline reads. A column may change type within its
 * family (integer → bigint, varchar(3) → text, an enum → text) without any effect; a change to
 * another family (numeric → double precision, timestamp → timestamptz) breaks the contract.
 */
public enum SourceType {
  INTEGER,
  NUMERIC,
  TEXT,
  BOOLEAN,
  /** {@code timestamp without time zone}. */
  TIMESTAMP,
  /** Anything else (date, timestamptz, double precision, json, …). */
  OTHER;

  /** The family of an {@code information_schema.columns.data_type} value. */
  public static SourceType of(String dataType) {
    return switch (dataType.toLowerCase(Locale.ROOT)) {
      case "smallint", "integer", "bigint" -> INTEGER;
      case "numeric" -> NUMERIC;
      case "text", "character varying", "character", "user-defined" -> TEXT;
      case "boolean" -> BOOLEAN;
      case "timestamp without time zone" -> TIMESTAMP;
      default -> OTHER;
    };
  }
}
