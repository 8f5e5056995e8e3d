package com.totaltotes.pipeline.transform;

import static com.totaltotes.pipeline.transform.mapping.ColumnValues.requiredInt;

import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.transform.Dimensions.Join;
import com.totaltotes.pipeline.transform.mapping.DimCurrencyMapper;
import com.totaltotes.pipeline.transform.mapping.DimDateMapper;
import com.totaltotes.pipeline.transform.mapping.DimDesignMapper;
import com.totaltotes.pipeline.transform.mapping.DimPaymentTypeMapper;
import com.totaltotes.pipeline.transform.mapping.DimTransactionMapper;
import com.totaltotes.pipeline.transform.mapping.FactDates;
import com.totaltotes.pipeline.transform.mapping.FactPaymentMapper;
import com.totaltotes.pipeline.transform.mapping.FactPurchaseOrderMapper;
import com.totaltotes.pipeline.transform.mapping.FactSalesOrderMapper;
import com.totaltotes.pipeline.transform.mapping.RowRejectedException;
import com.totaltotes.pipeline.transform.mapping.SourceRow;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
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
  private final Dimensions dimensions;

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
    this.dimensions = new Dimensions(state);
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
    Map<SourceTable, Set<Integer>> changed = new EnumMap<>(SourceTable.class);
    for (SourceTable t : DimensionState.TABLES) {
      Set<Integer> ids = new HashSet<>();
      ingest.forEachRow(
          manifest,
          t,
          row -> {
            int id = requiredInt(row, t.idColumn());
            state.table(t).put(id, row);
            ids.add(id);
          });
      changed.put(t, ids);
    }
    Map<WarehouseTable, ProcessedManifest.Table> out = new EnumMap<>(WarehouseTable.class);
    out.put(
        WarehouseTable.DIM_LOCATION, joined(WarehouseTable.DIM_LOCATION, Join.LOCATION, changed));
    out.put(WarehouseTable.DIM_STAFF, joined(WarehouseTable.DIM_STAFF, Join.STAFF, changed));
    out.put(
        WarehouseTable.DIM_COUNTERPARTY,
        joined(WarehouseTable.DIM_COUNTERPARTY, Join.COUNTERPARTY, changed));

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
                SourceTable.PAYMENT,
                row ->
                    payments.map(requireKnown(row, "counterparty_id", SourceTable.COUNTERPARTY))));
    independent.put(
        WarehouseTable.DIM_TRANSACTION,
        () ->
            stream(
                WarehouseTable.DIM_TRANSACTION,
                SourceTable.TRANSACTION,
                new DimTransactionMapper()::map));
    independent.put(
        WarehouseTable.FACT_SALES_ORDER,
        () ->
            facts(
                WarehouseTable.FACT_SALES_ORDER,
                SourceTable.SALES_ORDER,
                row -> sales.map(requireOrderReferences(row))));
    independent.put(
        WarehouseTable.FACT_PURCHASE_ORDER,
        () ->
            facts(
                WarehouseTable.FACT_PURCHASE_ORDER,
                SourceTable.PURCHASE_ORDER,
                row -> purchases.map(requireOrderReferences(row))));
    independent.put(
        WarehouseTable.DIM_DESIGN,
        () -> stream(WarehouseTable.DIM_DESIGN, SourceTable.DESIGN, new DimDesignMapper()::map));
    independent.put(
        WarehouseTable.DIM_CURRENCY,
        () ->
            stream(
                WarehouseTable.DIM_CURRENCY,
                SourceTable.CURRENCY,
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
                WarehouseTable.DIM_PAYMENT_TYPE,
                SourceTable.PAYMENT_TYPE,
                new DimPaymentTypeMapper()::map));
    out.putAll(inParallel(independent));

    DimDateMapper dateMapper = new DimDateMapper();
    try (TableOutput output = output(WarehouseTable.DIM_DATE)) {
      for (LocalDate date : dates) {
        output.write(dateMapper.map(date));
      }
      out.put(WarehouseTable.DIM_DATE, output.finish());
    }

    for (WarehouseTable t : WarehouseTable.values()) {
      tables.add(out.get(t));
    }
    return tables;
  }

  /** Emits a joined dimension's rows: those whose own row or joined row changed in this run. */
  private ProcessedManifest.Table joined(
      WarehouseTable table, Join join, Map<SourceTable, Set<Integer>> changed) {
    try (TableOutput output = output(table)) {
      for (SourceRow row : dimensions.toEmit(join, changed)) {
        mapOne(output, row, r -> dimensions.row(join, r));
      }
      return output.finish();
    }
  }

  /**
   * Streams one fact table; the dates its rows reference and its newest version are gathered in
   * this thread and merged into the run's once the table is done.
   */
  private ProcessedManifest.Table facts(
      WarehouseTable table, SourceTable source, Function<SourceRow, Map<String, Object>> mapper) {
    FactDates seen = new FactDates(table);
    int updatedDate = table.requireIndex("last_updated_date");
    int updatedTime = table.requireIndex("last_updated_time");
    LocalDateTime[] newest = {null};
    ProcessedManifest.Table done =
        stream(
            table,
            source,
            row -> {
              WarehouseRow mapped = (WarehouseRow) mapper.apply(row);
              seen.add(mapped);
              LocalDateTime updated =
                  LocalDateTime.of(
                      (LocalDate) mapped.value(updatedDate), (LocalTime) mapped.value(updatedTime));
              if (newest[0] == null || updated.isAfter(newest[0])) {
                newest[0] = updated;
              }
              return mapped;
            });
    dates.addAll(seen.dates());
    if (newest[0] != null) {
      newestSourceUpdate.accumulateAndGet(newest[0], (a, b) -> a == null || b.isAfter(a) ? b : a);
    }
    return done;
  }

  /** The source table each independently transformed warehouse table is read from. */
  private static final Map<WarehouseTable, SourceTable> INDEPENDENT_SOURCES =
      Map.of(
          WarehouseTable.FACT_PAYMENT, SourceTable.PAYMENT,
          WarehouseTable.DIM_TRANSACTION, SourceTable.TRANSACTION,
          WarehouseTable.FACT_SALES_ORDER, SourceTable.SALES_ORDER,
          WarehouseTable.FACT_PURCHASE_ORDER, SourceTable.PURCHASE_ORDER,
          WarehouseTable.DIM_DESIGN, SourceTable.DESIGN,
          WarehouseTable.DIM_CURRENCY, SourceTable.CURRENCY,
          WarehouseTable.DIM_PAYMENT_TYPE, SourceTable.PAYMENT_TYPE);

  /** The rows this run holds of the source of an independently transformed table. */
  private long sourceRows(WarehouseTable table) {
    IngestManifest.Table source = manifest.table(INDEPENDENT_SOURCES.get(table).tableName());
    return source == null ? 0 : source.rows();
  }

  /**
   * Runs the tables that depend on no other table of the run on {@code workers} threads, those with
   * the most source rows first.
   */
  private Map<WarehouseTable, ProcessedManifest.Table> inParallel(
      Map<WarehouseTable, Callable<ProcessedManifest.Table>> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      Map<WarehouseTable, Future<ProcessedManifest.Table>> futures =
          new EnumMap<>(WarehouseTable.class);
      // largest first: two workers end closest together when the big tables go first (at 1M
      // orders, by the enum's order, one worker did payment last while the other sat idle)
      tasks.keySet().stream()
          .sorted(Comparator.comparingLong(this::sourceRows).reversed())
          .forEach(table -> futures.put(table, pool.submit(tasks.get(table))));
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

  /** Rejects an order whose staff, counterparty or delivery address cannot be referenced. */
  private SourceRow requireOrderReferences(SourceRow row) {
    requireKnown(row, "staff_id", SourceTable.STAFF);
    requireKnown(row, "counterparty_id", SourceTable.COUNTERPARTY);
    return requireKnown(row, "agreed_delivery_location_id", SourceTable.ADDRESS);
  }

  /** Rejects a fact whose {@code column} references a row a fact may not reference. */
  private SourceRow requireKnown(SourceRow row, String column, SourceTable table) {
    int id = requiredInt(row, column);
    String problem = dimensions.referenceProblem(table, id);
    if (problem != null) {
      throw new RowRejectedException(column + " " + id + " " + problem);
    }
    return row;
  }

  private TableOutput output(WarehouseTable table) {
    return new TableOutput(store, processedBucket, run, attempt, table, partRows, progress);
  }

  private ProcessedManifest.Table stream(
      WarehouseTable table, SourceTable source, Function<SourceRow, Map<String, Object>> mapper) {
    try (TableOutput output = output(table)) {
      ingest.forEachRow(manifest, source, row -> mapOne(output, row, mapper));
      return output.finish();
    }
  }

  /** Writes the row {@code mapper} builds, or sets the source row aside with the reason. */
  private void mapOne(
      TableOutput output, SourceRow input, Function<SourceRow, Map<String, Object>> mapper) {
    try {
      output.write(mapper.apply(input));
    } catch (RowRejectedException e) {
      SourceTable source = input.table();
      rejects.add(source.tableName(), input.get(source.idColumn()), e.reason(), input);
    }
  }
}
