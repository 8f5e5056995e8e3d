package com.totaltotes.pipeline.generator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deterministic data generator for the totesys source database (docs/CONTRACT.md, Source).
 *
 * <p>The same arguments always produce byte-identical tables: values come from {@link
 * java.util.SplittableRandom}s seeded from the caller's seed, and source timestamps are laid out
 * from a fixed base instant, never from the wall clock. A seed fills the reference tables just
 * after {@code base} and spreads the orders evenly over {@code [base, base + span]}.
 *
 * <p>Both operations run in one transaction of their own on the given connection (committed on
 * success, rolled back on failure; the connection's auto-commit mode is restored afterwards).
 */
public final class TotesysGenerator {

  /** The default base instant: when the real totesys was first populated. */
  public static final LocalDateTime DEFAULT_BASE = LocalDateTime.parse("2022-11-03T14:20:52.186");

  /** The default span over which seeded orders are created. */
  public static final Duration DEFAULT_SPAN = Duration.ofDays(30);

  private final Timeline timeline;

  /** A generator with {@link #DEFAULT_BASE} and {@link #DEFAULT_SPAN}. */
  public TotesysGenerator() {
    this(DEFAULT_BASE, DEFAULT_SPAN);
  }

  /**
   * A generator whose seeded rows start at {@code base} and end {@link #DEFAULT_SPAN} later, e.g.
   * {@code now - 30 days} for a demo whose data ends about now.
   */
  public TotesysGenerator(LocalDateTime base) {
    this(base, DEFAULT_SPAN);
  }

  /**
   * A generator whose seeded rows lie within {@code [base, base + span]}.
   *
   * @throws IllegalArgumentException if the span is shorter than two minutes
   */
  public TotesysGenerator(LocalDateTime base, Duration span) {
    this.timeline =
        new Timeline(Objects.requireNonNull(base, "base"), Objects.requireNonNull(span, "span"));
  }

  /**
   * Creates the totesys schema ({@link TotesysSchema#create}) in an empty database and fills all
   * eleven tables: {@code orders} sales orders, about 3 purchase orders per 7 sales orders, one
   * transaction per order and one payment per transaction, plus reference tables of realistic size.
   * Rows are streamed with COPY; sequences are moved to the largest ids and the tables are
   * analysed.
   *
   * @param target connection to an empty PostgreSQL database
   * @param orders number of sales orders, at least 1
   * @param seed random seed; equal arguments give identical tables
   * @return rows written per table and the elapsed time
   * @throws GeneratorException if the schema exists already or any statement fails
   */
  public SeedSummary seed(Connection target, int orders, long seed) {
    if (orders < 1) {
      throw new IllegalArgumentException("orders must be at least 1: " + orders);
    }
    long started = System.nanoTime(); // measures the duration only; no data depends on it
    Map<String, Long> rows =
        inTransaction(
            target,
            "seed",
            () -> {
              TotesysSchema.create(target);
              try (Statement s = target.createStatement()) {
                s.execute("SET LOCAL work_mem = '64MB'");
                s.execute("SET LOCAL maintenance_work_mem = '256MB'");
              }
              List<ForeignKeys.ForeignKey> keys = ForeignKeys.dropAll(target);
              ReferenceSizes sizes = ReferenceSizes.forOrders(orders);
              Map<String, Long> written = new LinkedHashMap<>();
              new ReferenceTableWriter(seed, timeline, sizes).writeAll(target, written);
              new OrderTableWriter(new OrderPlan(seed, orders, timeline, sizes))
                  .writeAll(target, written);
              ForeignKeys.restore(target, keys);
              Sequences.advanceAll(target);
              try (Statement s = target.createStatement()) {
                s.execute(
                    "ANALYZE "
                        + String.join(
                            ", ",
                            Arrays.stream(TotesysTable.values())
                                .map(TotesysTable::sqlName)
                                .toList()));
              }
              return written;
            });
    return new SeedSummary(rows, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Applies one round of realistic OLTP changes to a seeded database. Every inserted or updated row
   * gets a {@code last_updated} later than the newest {@code last_updated} of all eleven tables
   * before the round (the round's clock starts minutes after it), so the result depends only on the
   * database state and {@code seed}. The round:
   *
   * <ul>
   *   <li>inserts 2-5 sales orders and 1-2 purchase orders, each with its transaction and an unpaid
   *       payment;
   *   <li>marks the 2-5 oldest unpaid payments as paid;
   *   <li>changes units_sold of one existing sales order;
   *   <li>changes the phone of one address that is some counterparty's legal address;
   *   <li>renames one department that has staff.
   * </ul>
   *
   * @param target connection to a seeded totesys database
   * @param seed random seed of this round
   * @return the ids inserted and updated per table, and the time range written
   * @throws GeneratorException if the database is empty or any statement fails
   */
  public ChangeSummary changeRound(Connection target, long seed) {
    return inTransaction(target, "change round", () -> ChangeRound.run(target, seed));
  }

  /** Work on the connection that may throw SQLException. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private static <T> T inTransaction(Connection c, String step, SqlWork<T> work) {
    boolean autoCommit;
    try {
      autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new GeneratorException(step + ": cannot start a transaction", e);
    }
    T result;
    try {
      result = work.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(c, e);
      restoreAutoCommit(c, autoCommit, e);
      if (e instanceof GeneratorException g) {
        throw g;
      }
      throw new GeneratorException(step + " failed: " + e.getMessage(), e);
    }
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      throw new GeneratorException(step + ": committed, but restoring auto-commit failed", e);
    }
    return result;
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit, Exception cause) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
