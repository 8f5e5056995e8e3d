package com.totaltotes.pipeline.transform;

import static com.totaltotes.pipeline.transform.mapping.ColumnValues.requiredInt;

import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ProcessedManifest;
import com.totaltotes.pipeline.run.RowProgress;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.run.Workers;
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
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
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
    List<Independent> independent =
        List.of(
            new Independent(
                WarehouseTable.FACT_PAYMENT,
                SourceTable.PAYMENT,
                true,
                row ->
                    payments.map(requireKnown(row, "counterparty_id", SourceTable.COUNTERPARTY))),
            new Independent(
                WarehouseTable.DIM_TRANSACTION,
                SourceTable.TRANSACTION,
                false,
                new DimTransactionMapper()::map),
            new Independent(
                WarehouseTable.FACT_SALES_ORDER,
                SourceTable.SALES_ORDER,
                true,
                row -> sales.map(requireOrderReferences(row))),
            new Independent(
                WarehouseTable.FACT_PURCHASE_ORDER,
                SourceTable.PURCHASE_ORDER,
                true,
                row -> purchases.map(requireOrderReferences(row))),
            new Independent(
                WarehouseTable.DIM_DESIGN, SourceTable.DESIGN, false, new DimDesignMapper()::map),
            new Independent(
                WarehouseTable.DIM_CURRENCY,
                SourceTable.CURRENCY,
                false,
                row -> {
                  DimCurrencyMapper.Result r = currency.map(row);
                  if (r.unknownCode()) {
                    LOG.warnf(
                        "transform run %s: currency code %s is not an ISO 4217 code known to Java;"
                            + " its name is the code",
                        run, row.get("currency_code"));
                  }
                  return r.row();
                }),
            new Independent(
                WarehouseTable.DIM_PAYMENT_TYPE,
                SourceTable.PAYMENT_TYPE,
                false,
                new DimPaymentTypeMapper()::map));
    out.putAll(inParallel(independent));

    DimDateMapper dateMapper = new DimDateMapper();
    try (TableOutput output = output(WarehouseTable.DIM_DATE, new AtomicInteger())) {
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
    try (TableOutput output = output(table, new AtomicInteger())) {
      for (SourceRow row : dimensions.toEmit(join, changed)) {
        mapOne(output, row, r -> dimensions.row(join, r));
      }
      return output.finish();
    }
  }

  /**
   * Streams a slice of one fact table; the dates its rows reference and its newest version are
   * gathered in this thread and merged into the run's once the slice is done.
   */
  private ProcessedManifest.Table facts(
      Independent task, List<FileEntry> files, AtomicInteger parts) {
    WarehouseTable table = task.table();
    FactDates seen = new FactDates(table);
    int updatedDate = table.requireIndex("last_updated_date");
    int updatedTime = table.requireIndex("last_updated_time");
    LocalDateTime[] newest = {null};
    ProcessedManifest.Table done =
        stream(
            task,
            files,
            parts,
            row -> {
              WarehouseRow mapped = task.mapper().apply(row);
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

  /**
   * A warehouse table built from one source table alone, row by row: a fact (its dates and newest
   * version are gathered) or a 1:1 dimension.
   */
  private record Independent(
      WarehouseTable table,
      SourceTable source,
      boolean fact,
      Function<SourceRow, WarehouseRow> mapper) {}

  /** One slice of an independent table: some of its ingest files, in order. */
  private record Slice(Independent task, List<FileEntry> files, AtomicInteger parts) {
    long rows() {
      return files.stream().mapToLong(FileEntry::rows).sum();
    }
  }

  /**
   * Transforms the independent tables on {@code workers} threads. A table of several ingest files
   * is cut into up to {@code workers} slices of consecutive files (about equal rows), each written
   * to parts of its own; the slices run largest first, so that the two workers end close together
   * (at 1M orders payment and transaction hold 1.43M rows each, sales 1M, purchase 0.43M). A
   * table's manifest entry lists its slices' parts in file order.
   */
  private Map<WarehouseTable, ProcessedManifest.Table> inParallel(List<Independent> tasks) {
    List<Slice> slices = new ArrayList<>();
    for (Independent task : tasks) {
      AtomicInteger parts = new AtomicInteger();
      for (List<FileEntry> files : slices(IngestReader.files(manifest, task.source()), workers)) {
        slices.add(new Slice(task, files, parts));
      }
    }
    // the largest slices first, so that the workers end close together
    List<Slice> largestFirst =
        slices.stream().sorted(Comparator.comparingLong(Slice::rows).reversed()).toList();
    Map<Slice, ProcessedManifest.Table> written =
        Workers.run(
            "transform run " + run,
            workers,
            Workers.inOrder(largestFirst),
            (worker, slice) ->
                slice.task().fact()
                    ? facts(slice.task(), slice.files(), slice.parts())
                    : stream(slice.task(), slice.files(), slice.parts(), slice.task().mapper()),
            slice -> slice.task().table().tableName());
    Map<WarehouseTable, ProcessedManifest.Table> done = new EnumMap<>(WarehouseTable.class);
    for (Slice slice : slices) { // in table order, then file order
      done.merge(
          slice.task().table(),
          written.get(slice),
          (a, b) -> {
            List<FileEntry> files = new ArrayList<>(a.files());
            files.addAll(b.files());
            return new ProcessedManifest.Table(a.table(), a.rows() + b.rows(), files);
          });
    }
    return done;
  }

  /**
   * {@code files} cut into at most {@code count} runs of consecutive files with about equal rows
   * (one empty run when there are no files).
   */
  static List<List<FileEntry>> slices(List<FileEntry> files, int count) {
    long total = files.stream().mapToLong(FileEntry::rows).sum();
    int pieces = Math.max(1, Math.min(count, files.size()));
    List<List<FileEntry>> slices = new ArrayList<>();
    List<FileEntry> current = new ArrayList<>();
    long taken = 0;
    for (int i = 0; i < files.size(); i++) {
      current.add(files.get(i));
      taken += files.get(i).rows();
      int left = files.size() - i - 1;
      boolean full = taken * pieces >= total * (slices.size() + 1);
      if (left > 0 && slices.size() < pieces - 1 && (full || left == pieces - 1 - slices.size())) {
        slices.add(current);
        current = new ArrayList<>();
      }
    }
    slices.add(current);
    return slices;
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

  private TableOutput output(WarehouseTable table, AtomicInteger parts) {
    return new TableOutput(store, processedBucket, run, attempt, table, partRows, progress, parts);
  }

  /** Maps the rows of a slice of {@code task}'s ingest files into parts of its own. */
  private ProcessedManifest.Table stream(
      Independent task,
      List<FileEntry> files,
      AtomicInteger parts,
      Function<SourceRow, WarehouseRow> mapper) {
    try (TableOutput output = output(task.table(), parts)) {
      ingest.forEachRow(task.source(), files, row -> mapOne(output, row, mapper));
      return output.finish();
    }
  }

  /** Writes the row {@code mapper} builds, or sets the source row aside with the reason. */
  private void mapOne(
      TableOutput output, SourceRow input, Function<SourceRow, WarehouseRow> mapper) {
    try {
      output.write(mapper.apply(input));
    } catch (RowRejectedException e) {
      SourceTable source = input.table();
      rejects.add(source.tableName(), input.get(source.idColumn()), e.reason(), input);
    }
  }
}
