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
 *
 * <p>With the keys kept in place ({@link FactLoadPath#IN_PLACE}) it checks the new rows' references
 * set-wise instead ({@link #checkReferencesFrom}) and locks the referenced tables in SHARE mode
 * ({@link #lockReferenced}).
 */
final class FactKeys {
  private final WarehouseTable table;
  private final List<String> names;
  private final List<String> definitions;
  private final List<ForeignKey> foreignKeys;
  private final String surrogateKey;
  private final String sequence;

  /**
   * A foreign key as the catalog has it, every name quoted as an identifier: its columns in the
   * fact table and the referenced table's columns, in order.
   */
  record ForeignKey(
      String name, List<String> columns, String referencedTable, List<String> referencedColumns) {}

  private FactKeys(
      WarehouseTable table,
      List<String> names,
      List<String> definitions,
      List<ForeignKey> foreignKeys,
      String surrogateKey,
      String sequence) {
    this.table = table;
    this.names = names;
    this.definitions = definitions;
    this.foreignKeys = foreignKeys;
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
    List<ForeignKey> foreignKeys = new ArrayList<>();
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
                + " a.attrelid = k.conrelid and a.attnum = k.conkey[1])) end,"
                + " case when k.contype = 'f' then k.confrelid::regclass::text end,"
                + " case when k.contype = 'f' then array(select quote_ident(a.attname) from"
                + " unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid ="
                + " k.conrelid and a.attnum = u.n order by u.i) end,"
                + " case when k.contype = 'f' then array(select quote_ident(a.attname) from"
                + " unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid ="
                + " k.confrelid and a.attnum = u.n order by u.i) end"
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
          } else if (type.equals("f")) {
            foreignKeys.add(
                new ForeignKey(
                    name,
                    List.of((String[]) rs.getArray(7).getArray()),
                    rs.getString(6),
                    List.of((String[]) rs.getArray(8).getArray())));
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
        table,
        List.copyOf(names),
        List.copyOf(definitions),
        List.copyOf(foreignKeys),
        surrogateKey,
        sequence);
  }

  /** The foreign keys, in name order. */
  List<ForeignKey> foreignKeys() {
    return foreignKeys;
  }

  /**
   * About how many rows the table holds, read in no time: the span of its surrogate keys (two reads
   * at the ends of the primary key's index), 0 when empty. Never fewer than the rows (facts are
   * never deleted); more by the keys the per-row path's skipped re-deliveries took. Unlike {@code
   * pg_class.reltuples}, never stale after a load autovacuum has not seen yet.
   */
  long estimatedRows(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select coalesce(max("
                    + surrogateKey
                    + ") - min("
                    + surrogateKey
                    + ") + 1, 0) from "
                    + table.tableName())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Checks every foreign key of the rows whose surrogate key is {@code firstKey} or more, set-wise:
   * one anti-join per foreign key over those rows (found through the primary key's index), not a
   * trigger per row; a row with a NULL in a key column is not checked, as PostgreSQL's MATCH SIMPLE
   * does not. The rows the table held before are not read.
   *
   * @throws SQLException with SQLState 23503 and PostgreSQL's own wording ({@code insert or update
   *     on table … violates foreign key constraint …; Key (…)=(…) is not present in table …}) for
   *     the first dangling reference found
   */
  void checkReferencesFrom(Connection c, long firstKey) throws SQLException {
    // the new rows are found through the primary key's index even when the table has no
    // statistics yet (a table filled by a rebuild, before autovacuum's ANALYZE): without them the
    // planner guesses a third of the table and scans all of it, once per foreign key
    setLocal(c, "enable_seqscan = off");
    try {
      checkEachReferenceFrom(c, firstKey);
    } finally {
      setLocal(c, "enable_seqscan = default");
    }
  }

  /**
   * {@code SET LOCAL <assignment>} on the run's transaction: undone by its commit or rollback, or
   * sooner by assigning {@code default}. The assignment is a constant of the caller's, never input.
   */
  static void setLocal(Connection c, String assignment) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("set local " + assignment);
    }
  }

  /**
   * Locks the tables the foreign keys reference against writes until the run commits (SHARE:
   * readers go on), so that no row a new fact references can go between the set-wise check and the
   * commit — what the per-row triggers' row locks would have ensured.
   */
  void lockReferenced(Connection c) throws SQLException {
    String tables =
        foreignKeys.stream()
            .map(ForeignKey::referencedTable)
            .distinct()
            .collect(Collectors.joining(", "));
    if (!tables.isEmpty()) {
      try (Statement s = c.createStatement()) {
        s.execute("lock table " + tables + " in share mode");
      }
    }
  }

  private void checkEachReferenceFrom(Connection c, long firstKey) throws SQLException {
    for (ForeignKey fk : foreignKeys) {
      String sql = danglingSql(fk);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, firstKey);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= fk.columns().size(); i++) {
              values.add(rs.getString(i));
            }
            throw new SQLException(
                "insert or update on table \""
                    + table.tableName()
                    + "\" violates foreign key constraint \""
                    + unquoted(fk.name())
                    + "\"; Key ("
                    + fk.columns().stream()
                        .map(FactKeys::unquoted)
                        .collect(Collectors.joining(", "))
                    + ")=("
                    + String.join(", ", values)
                    + ") is not present in table \""
                    + unquoted(fk.referencedTable())
                    + "\".",
                "23503");
          }
        }
      }
    }
  }

  /** The first row from surrogate key {@code ?} on whose {@code fk} references no row. */
  private String danglingSql(ForeignKey fk) {
    List<String> matches = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (int i = 0; i < fk.columns().size(); i++) {
      matches.add("r." + fk.referencedColumns().get(i) + " = f." + fk.columns().get(i));
      present.add("f." + fk.columns().get(i) + " is not null");
    }
    return "select "
        + fk.columns().stream().map(col -> "f." + col).collect(Collectors.joining(", "))
        + " from "
        + table.tableName()
        + " f where f."
        + surrogateKey
        + " >= ? and "
        + String.join(" and ", present)
        + " and not exists (select 1 from "
        + fk.referencedTable()
        + " r where "
        + String.join(" and ", matches)
        + ") limit 1";
  }

  /** A name as {@code quote_ident} gave it, without the quotes it may have. */
  private static String unquoted(String identifier) {
    return identifier.startsWith("\"")
        ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
        : identifier;
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
