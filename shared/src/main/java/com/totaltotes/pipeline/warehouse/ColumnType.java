package com.totaltotes.pipeline.warehouse;

/**
 * The six column types of the warehouse, each with its PostgreSQL type (as the Flyway migration
 * declares it) and the Java type a mapped row carries for it. Parquet uses the matching logical
 * types: int32, {@code DECIMAL(10,2)}, {@code DATE}, {@code TIME(MILLIS)}, boolean, UTF-8 string.
 */
public enum ColumnType {
  /** 32-bit integer: ids and counts. */
  INT("integer", Integer.class),
  /** Exact money: {@code numeric(10,2)}, at most 8 integer digits, scale exactly 2. */
  DECIMAL_10_2("numeric(10,2)", java.math.BigDecimal.class),
  /** A calendar date without zone. */
  DATE("date", java.time.LocalDate.class),
  /** A wall-clock time of day without zone, millisecond precision. */
  TIME_MILLIS("time(3) without time zone", java.time.LocalTime.class),
  /** True or false. */
  BOOLEAN("boolean", Boolean.class),
  /** UTF-8 text of any length. */
  TEXT("text", String.class);

  private final String sqlType;
  private final Class<?> javaType;

  ColumnType(String sqlType, Class<?> javaType) {
    this.sqlType = sqlType;
    this.javaType = javaType;
  }

  /** The PostgreSQL type of the column, e.g. {@code numeric(10,2)}; safe to paste into DDL. */
  public String sqlType() {
    return sqlType;
  }

  /** The Java type of a value of this column in a mapped warehouse row. */
  public Class<?> javaType() {
    return javaType;
  }
}
