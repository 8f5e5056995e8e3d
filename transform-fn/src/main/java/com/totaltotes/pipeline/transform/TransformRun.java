package com.totaltotes.pipeline.transform;

import static com.totaltotes.pipeline.transform.mapping.ColumnValues.requiredInt;

import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.transform.mapping.DimCounterpartyMapper;
import com.totaltotes.pipeline.transform.mapping.DimCurrencyMapper;
import com.totaltotes.pipeline.transform.mapping.DimDateMapper;
import com.totaltotes.pipeline.transform.mapping.DimDesignMapper;
import com.totaltotes.pipeline.transform.mapping.DimLocationMapper;
import com.totaltotes.pipeline.transform.mapping.DimPaymentTypeMapper;
import com.totaltotes.pipeline.transform.mapping.DimStaffMapper;
import com.totaltotes.pipeline.transform.mapping.DimTransactionMapper;
import com.totaltotes.pipeline.transform.mapping.FactDates;
import com.totaltotes.pipeline.transform.mapping.FactPaymentMapper;
import com.totaltotes.pipeline.transform.mapping.FactPurchaseOrderMapper;
import com.totaltotes.pipeline.transform.mapping.FactSalesOrderMapper;
import com.totaltotes.pipeline.transform.mapping.RowRejectedException;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Turns one ingest run into the warehouse tables' Parquet parts. Dimensions follow their joins: a
 * changed address re-emits its location and every counterparty using it; a changed department
 * re-emits every staff member in it. Facts reference dim_date for every date they carry.
 */
final class TransformRun {
  private static final Logger LOG = Logger.getLogger(TransformRun.class);

  private final ObjectStore store;
  private final IngestReader ingest;
  private final String processedBucket;
  private final int partRows;
  private final IngestManifest manifest;
  private final RunId run;
  private final DimensionState state;
  private final Rejects rejects;
  private final List<ProcessedManifest.Table> tables = new ArrayList<>();
  private final Set<LocalDate> dates = new ConcurrentSkipListSet<>();
  private final AtomicReference<LocalDateTime> newestSourceUpdate = new AtomicReference<>();
  private final int workers;
  private static final String NO_PROBLEM = "";

  /** Per dimension source table, per id: its reject reason, or {@link #NO_PROBLEM}. */
  private final Map<String, Map<Integer, String>> dimensionProblems =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final RowProgress progress;
  private final String attempt;

  TransformRun(
      ObjectStore store,
      IngestReader ingest,
      String processedBucket,
      int partRows,
      int workers,
      IngestManifest manifest,
      String attempt,
      DimensionState state,
      RowProgress progress) {
    this.attempt = attempt;
    this.workers = workers;
    this.progress = progress;
    this.store = store;
    this.ingest = ingest;
    this.processedBucket = processedBucket;
    this.partRows = partRows;
    this.manifest = manifest;
    this.run = manifest.run();
    this.state = state;
    this.rejects = new Rejects(manifest.runId());
  }

  Rejects rejects() {
    return rejects;
  }

  LocalDateTime newestSourceUpdate() {
    return newestSourceUpdate.get();
  }

  /** Writes every warehouse table's parts; returns their manifest entries in load order. */
  List<ProcessedManifest.Table> transform() {
    Map<String, Set<Integer>> changed = new java.util.HashMap<>();
    for (String t : DimensionState.TABLES) {
      Set<Integer> ids = new HashSet<>();
      ingest.forEachRow(
          manifest,
          t,
          row -> {
            int id = requiredInt(row, t + "_id");
            state.table(t).put(id, row);
            ids.add(id);
          });
      changed.put(t, ids);
    }
    Map<WarehouseTable, ProcessedManifest.Table> out = new EnumMap<>(WarehouseTable.class);

    DimLocationMapper location = new DimLocationMapper();
    out.put(
        WarehouseTable.DIM_LOCATION,
        emit(
            WarehouseTable.DIM_LOCATION,
            "address",
            changed.get("address").stream().map(id -> state.table("address").get(id)).toList(),
            location::map));

    DimStaffMapper staffMapper = new DimStaffMapper();
    List<Map<String, Object>> staff =
        state.table("staff").values().stream()
            .filter(
                s ->
                    changed.get("staff").contains(requiredInt(s, "staff_id"))
                        || changed.get("department").contains(requiredInt(s, "department_id")))
            .toList();
    out.put(
        WarehouseTable.DIM_STAFF,
        emit(
            WarehouseTable.DIM_STAFF,
            "staff",
            staff,
            s ->
                staffMapper.map(
                    s, state.table("department").get(requiredInt(s, "department_id")))));

    DimCounterpartyMapper cpMapper = new DimCounterpartyMapper();
    List<Map<String, Object>> counterparties =
        state.table("counterparty").values().stream()
            .filter(
                c ->
                    changed.get("counterparty").contains(requiredInt(c, "counterparty_id"))
                        || changed.get("address").contains(requiredInt(c, "legal_address_id")))
            .toList();
    out.put(
        WarehouseTable.DIM_COUNTERPARTY,
        emit(
            WarehouseTable.DIM_COUNTERPARTY,
            "counterparty",
            counterparties,
            c -> cpMapper.map(c, state.table("address").get(requiredInt(c, "legal_address_id")))));

    DimCurrencyMapper currency = new DimCurrencyMapper();
    FactSalesOrderMapper sales = new FactSalesOrderMapper();
    FactPurchaseOrderMapper purchases = new FactPurchaseOrderMapper();
    FactPaymentMapper payments = new FactPaymentMapper();
    Map<WarehouseTable, Callable<ProcessedManifest.Table>> independent =
        new EnumMap<>(WarehouseTable.class);
    independent.put(
        WarehouseTable.FACT_PAYMENT,
        () ->
            facts(
                WarehouseTable.FACT_PAYMENT,
                "payment",
                row -> payments.map(requireKnown(row, "counterparty_id", "counterparty"))));
    independent.put(
        WarehouseTable.DIM_TRANSACTION,
        () ->
            stream(WarehouseTable.DIM_TRANSACTION, "transaction", new DimTransactionMapper()::map));
    independent.put(
        WarehouseTable.FACT_SALES_ORDER,
        () ->
            facts(
                WarehouseTable.FACT_SALES_ORDER,
                "sales_order",
                row ->
                    sales.map(
                        requireKnown(
                            row,
                            "staff_id",
                            "staff",
                            "counterparty_id",
                            "counterparty",
                            "agreed_delivery_location_id",
                            "address"))));
    independent.put(
        WarehouseTable.FACT_PURCHASE_ORDER,
        () ->
            facts(
                WarehouseTable.FACT_PURCHASE_ORDER,
                "purchase_order",
                row ->
                    purchases.map(
                        requireKnown(
                            row,
                            "staff_id",
                            "staff",
                            "counterparty_id",
                            "counterparty",
                            "agreed_delivery_location_id",
                            "address"))));
    independent.put(
        WarehouseTable.DIM_DESIGN,
        () -> stream(WarehouseTable.DIM_DESIGN, "design", new DimDesignMapper()::map));
    independent.put(
        WarehouseTable.DIM_CURRENCY,
        () ->
            stream(
                WarehouseTable.DIM_CURRENCY,
                "currency",
                row -> {
                  DimCurrencyMapper.Result r = currency.map(row);
                  if (r.unknownCode()) {
                    LOG.warnf(
                        "transform run %s: currency code %s is not an ISO 4217 code known to Java;"
                            + " its name is the code",
                        run, row.get("currency_code"));
                  }
                  return r.row();
                }));
    independent.put(
        WarehouseTable.DIM_PAYMENT_TYPE,
        () ->
            stream(
                WarehouseTable.DIM_PAYMENT_TYPE, "payment_type", new DimPaymentTypeMapper()::map));
    out.putAll(inParallel(independent));

    DimDateMapper dateMapper = new DimDateMapper();
    out.put(
        WarehouseTable.DIM_DATE,
        emit(WarehouseTable.DIM_DATE, null, List.copyOf(dates), d -> dateMapper.map(d)));

    for (WarehouseTable t : WarehouseTable.values()) {
      tables.add(out.get(t));
    }
    return tables;
  }

  /**
   * Streams one fact table; the dates its rows reference and its newest version are gathered in
   * this thread and merged into the run's once the table is done.
   */
  private ProcessedManifest.Table facts(
      WarehouseTable table,
      String source,
      Function<Map<String, Object>, Map<String, Object>> mapper) {
    Set<LocalDate> seen = new HashSet<>();
    LocalDateTime[] newest = {null};
    ProcessedManifest.Table done =
        stream(
            table,
            source,
            row -> {
              Map<String, Object> mapped = mapper.apply(row);
              seen.addAll(FactDates.datesOf(table, mapped));
              LocalDateTime updated =
                  LocalDateTime.of(
                      (LocalDate) mapped.get("last_updated_date"),
                      (java.time.LocalTime) mapped.get("last_updated_time"));
              if (newest[0] == null || updated.isAfter(newest[0])) {
                newest[0] = updated;
              }
              return mapped;
            });
    dates.addAll(seen);
    if (newest[0] != null) {
      newestSourceUpdate.accumulateAndGet(newest[0], (a, b) -> a == null || b.isAfter(a) ? b : a);
    }
    return done;
  }

  /** Runs the tables that depend on no other table of the run on {@code workers} threads. */
  private Map<WarehouseTable, ProcessedManifest.Table> inParallel(
      Map<WarehouseTable, Callable<ProcessedManifest.Table>> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      Map<WarehouseTable, Future<ProcessedManifest.Table>> futures =
          new EnumMap<>(WarehouseTable.class);
      tasks.forEach((table, task) -> futures.put(table, pool.submit(task)));
      Map<WarehouseTable, ProcessedManifest.Table> done = new EnumMap<>(WarehouseTable.class);
      for (var f : futures.entrySet()) {
        try {
          done.put(f.getKey(), f.getValue().get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(
              "transform of " + f.getKey().tableName() + " failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("transform run " + run + " was interrupted", e);
        }
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rejects a fact whose staff, counterparty or address is not in the dimension state. */
  private Map<String, Object> requireKnown(Map<String, Object> row, String... columnAndTable) {
    for (int i = 0; i < columnAndTable.length; i += 2) {
      int id = requiredInt(row, columnAndTable[i]);
      String table = columnAndTable[i + 1];
      if (!state.table(table).containsKey(id)) {
        throw new RowRejectedException(
            columnAndTable[i] + " " + id + " references an unknown " + table);
      }
      String problem = dimensionProblem(table, id);
      if (problem != null) {
        throw new RowRejectedException(
            columnAndTable[i]
                + " "
                + id
                + " references a "
                + table
                + " whose dimension row cannot be built: "
                + problem);
      }
    }
    return row;
  }

  /**
   * Why the dimension row of a known staff, counterparty or address cannot be built (its own reject
   * reason), or null when it can: a fact pointing at it would break the warehouse's foreign key, so
   * the fact is rejected too. Computed once per id and run.
   */
  private String dimensionProblem(String table, int id) {
    String problem =
        dimensionProblems
            .computeIfAbsent(table, t -> new java.util.concurrent.ConcurrentHashMap<>())
            .computeIfAbsent(
                id,
                k -> {
                  Map<String, Object> row = state.table(table).get(id);
                  try {
                    switch (table) {
                      case "staff" ->
                          new DimStaffMapper()
                              .map(
                                  row,
                                  state.table("department").get(requiredInt(row, "department_id")));
                      case "counterparty" ->
                          new DimCounterpartyMapper()
                              .map(
                                  row,
                                  state.table("address").get(requiredInt(row, "legal_address_id")));
                      case "address" -> new DimLocationMapper().map(row);
                      default ->
                          throw new IllegalArgumentException("no dimension check for " + table);
                    }
                    return NO_PROBLEM;
                  } catch (RowRejectedException e) {
                    return e.reason();
                  }
                });
    return problem.equals(NO_PROBLEM) ? null : problem;
  }

  private ProcessedManifest.Table stream(
      WarehouseTable table,
      String source,
      Function<Map<String, Object>, Map<String, Object>> mapper) {
    try (TableOutput output =
        new TableOutput(store, processedBucket, run, attempt, table, partRows, progress)) {
      ingest.forEachRow(manifest, source, row -> mapOne(output, table, source, row, mapper));
      return output.finish();
    }
  }

  private <T> ProcessedManifest.Table emit(
      WarehouseTable table,
      String source,
      List<T> inputs,
      Function<T, Map<String, Object>> mapper) {
    try (TableOutput output =
        new TableOutput(store, processedBucket, run, attempt, table, partRows, progress)) {
      for (T input : inputs) {
        mapOne(output, table, source, input, mapper);
      }
      return output.finish();
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void mapOne(
      TableOutput output,
      WarehouseTable table,
      String source,
      T input,
      Function<T, Map<String, Object>> mapper) {
    try {
      output.write(mapper.apply(input));
    } catch (RowRejectedException e) {
      Map<String, Object> raw =
          input instanceof Map<?, ?> m
              ? (Map<String, Object>) m
              : Map.of("value", String.valueOf(input));
      Object id = source == null ? input : raw.get(source + "_id");
      rejects.add(source == null ? table.tableName() : source, id, e.reason(), raw);
    }
  }
}
