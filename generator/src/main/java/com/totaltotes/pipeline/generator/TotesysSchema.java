package com.totaltotes.pipeline.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The totesys DDL (docs/CONTRACT.md, Source), kept as the classpath resource {@value #RESOURCE}.
 */
public final class TotesysSchema {

  /** Classpath location of the DDL script. */
  public static final String RESOURCE = "/totesys/schema.sql";

  private TotesysSchema() {}

  /**
   * Creates the two enum types, the eleven totesys tables with their keys and constraints, and the
   * {@code _prisma_migrations} table with its one row, in the connection's current schema.
   *
   * @param c a connection to an empty database; its auto-commit mode decides whether the DDL is
   *     committed immediately or with the caller's transaction
   * @throws GeneratorException if any object already exists or the script fails
   */
  public static void create(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute(script());
    } catch (SQLException e) {
      throw new GeneratorException("creating the totesys schema failed", e);
    }
  }

  /** The DDL script text. */
  static String script() {
    try (InputStream in = TotesysSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
    }
  }
}
