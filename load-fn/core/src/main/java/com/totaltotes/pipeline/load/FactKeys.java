package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keys of one fact table as the catalog has them, for the bulk load path: its primary key, its
 * unique version key and its foreign keys are dropped inside the run's transaction, the run's fact
 * rows copied straight into the table, and the keys added back, so that PostgreSQL builds the two
 * indexes once (sorted) and checks every reference once, set-wise (one anti-join per foreign key),
 * instead of maintaining the indexes and firing a trigger per row — the order {@code pg_restore}
 * uses. Adding a foreign key back reports a dangling reference with the same error as the per-row
 * trigger (SQLState 23503, {@code Key (…)=(…) is not present in table …}); a failure anywhere rolls
 * the drop back with the rest of the run.
 *
 * <p>Names and definitions come from {@code pg_constraint} ({@code quote_ident}, {@code
 * pg_get_constraintdef}), the surrogate key's sequence from {@code pg_get_serial_sequence}, the
 * table name from {@link WarehouseTable}; nothing comes from the data. Dropping the keys takes an
 * ACCESS EXCLUSIVE lock on the fact table and on every dimension it references, held until the run
 * commits or rolls back: readers of those tables wait for the load.
 */
final class FactKeys {
  private final WarehouseTable table;
  private final List<String> names;
  private final List<String> definitions;
  private final String surrogateKey;
  private final String sequence;

  private FactKeys(
      WarehouseTable table,
      List<String> names,
      List<String> definitions,
      String surrogateKey,
      String sequence) {
    this.table = table;
    this.names = names;
    this.definitions = definitions;
    this.surrogateKey = surrogateKey;
    this.sequence = sequence;
  }

  /**
   * Reads the keys {@code table} has now: primary and unique keys first, then foreign keys, each in
   * name order; and its surrogate key (the one-column primary key) with its sequence.
   *
   * @throws IllegalStateException when the catalog does not hold the table as migrated (no
   *     one-column serial primary key, or a definition that is not a key)
   */
  static FactKeys of(Connection c, WarehouseTable table) throws SQLException {
    if (!table.isFact()) {
      throw new IllegalArgumentException(table.tableName() + " is a dimension, not a fact");
    }
    List<String> names = new ArrayList<>();
    List<String> definitions = new ArrayList<>();
    String surrogateKey = null;
    String sequence = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select quote_ident(k.conname), pg_get_constraintdef(k.oid), k.contype,"
                + " case when k.contype = 'p' and cardinality(k.conkey) = 1 then"
                + " (select quote_ident(a.attname) from pg_attribute a where a.attrelid ="
                + " k.conrelid and a.attnum = k.conkey[1]) end,"
                + " case when k.contype = 'p' and cardinality(k.conkey) = 1 then"
                + " pg_get_serial_sequence(?, (select a.attname from pg_attribute a where"
                + " a.attrelid = k.conrelid and a.attnum = k.conkey[1])) end"
                + " from pg_constraint k where k.conrelid = to_regclass(?)"
                + " and k.contype in ('p', 'u', 'f')"
                + " order by k.contype = 'f', k.conname")) {
      ps.setString(1, table.tableName());
      ps.setString(2, table.tableName());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          String definition = rs.getString(2);
          String type = rs.getString(3);
          String expected =
              switch (type) {
                case "p" -> "PRIMARY KEY (";
                case "u" -> "UNIQUE (";
                default -> "FOREIGN KEY (";
              };
          if (!definition.startsWith(expected)) {
            throw new IllegalStateException(
                "constraint "
                    + name
                    + " of "
                    + table.tableName()
                    + " reads '"
                    + definition
                    + "' in the catalog, not "
                    + expected
                    + "…)");
          }
          if (type.equals("p")) {
            surrogateKey = rs.getString(4);
            sequence = rs.getString(5);
          }
          names.add(name);
          definitions.add(definition);
        }
      }
    }
    if (surrogateKey == null || sequence == null) {
      throw new IllegalStateException(
          table.tableName()
              + " has no one-column serial primary key in the catalog; the bulk path needs the"
              + " warehouse as migrated");
    }
    return new FactKeys(
        table, List.copyOf(names), List.copyOf(definitions), surrogateKey, sequence);
  }

  /** The constraint names, quoted as identifiers. */
  List<String> names() {
    return names;
  }

  /** Drops every key, in one statement. */
  void drop(Connection c) throws SQLException {
    execute(
        c,
        "alter table "
            + table.tableName()
            + " "
            + names.stream().map(n -> "drop constraint " + n).collect(Collectors.joining(", ")));
  }

  /**
   * Sets the sequence so that the rows copied next into the table take its values one by one, in
   * copy order (the surrogate key's default), from the returned value on: the values the per-row
   * path's insert would give the same rows in staging order.
   */
  long firstKey(Connection c) throws SQLException {
    long first;
    try (PreparedStatement ps = c.prepareStatement("select nextval(?::regclass)")) {
      ps.setString(1, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        first = rs.getLong(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("select setval(?::regclass, ?, false)")) {
      ps.setString(1, sequence);
      ps.setLong(2, first);
      ps.execute();
    }
    return first;
  }

  /**
   * Adds every key back as it was, in one statement: the indexes are built, then each foreign key
   * is validated, set-wise. When the unique version key cannot be built (SQLState 23505) because
   * rows copied from {@code firstKey} on repeat a version — one the table had (re-delivered), or
   * one an earlier copied row has —, the attempt is rolled back to a savepoint, those rows are
   * deleted ({@link FactAppend#duplicatesSql}, the rows the per-row path would have skipped) and
   * the keys added again. Returns the rows deleted.
   */
  long add(Connection c, long firstKey) throws SQLException {
    String add = addSql();
    boolean added =
        SqlFailure.unlessDuplicateKey(
                c,
                () -> {
                  execute(c, add);
                  return true;
                })
            .isPresent();
    if (added) {
      return 0;
    }
    long deleted;
    try (PreparedStatement ps = c.prepareStatement(FactAppend.duplicatesSql(table, surrogateKey))) {
      ps.setLong(1, firstKey);
      deleted = ps.executeUpdate();
    }
    execute(c, add);
    return deleted;
  }

  private String addSql() {
    List<String> clauses = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      clauses.add("add constraint " + names.get(i) + " " + definitions.get(i));
    }
    return "alter table " + table.tableName() + " " + String.join(", ", clauses);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
