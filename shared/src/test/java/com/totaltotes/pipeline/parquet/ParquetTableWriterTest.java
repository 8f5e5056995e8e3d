package com.totaltotes.pipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.storage.ObjectOutput;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Fixture;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Avro-free writer against parquet-avro's own writer, which wrote these files before: the same
 * Parquet schema and footer Avro schema, and the same values read back, at the edges of every type.
 * And {@link ParquetTableReader#copyText}, which reads the files straight into COPY text for the
 * load: exactly the text the rows encode to, every column type at its edges; a file of another
 * table refused; a failing sink left the caller's failure.
 */
class ParquetTableWriterTest {
  private static S3Fixture s3;
  private static ObjectStore store;
  private String bucket;
  @TempDir Path temp;

  @BeforeAll
  static void start() {
    s3 = S3Fixture.start();
    store = s3.store();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @BeforeEach
  void bucket() {
    bucket = s3.newBucket();
  }

  /** Payments at the edges: money signs and bounds, first and last dates, midnight, NULLs. */
  private static List<Object[]> edgePayments() {
    List<Object[]> rows = new ArrayList<>();
    String[] money = {"0.00", "0.01", "-0.01", "99999999.99", "-99999999.99", "1234.50", "-128.00"};
    for (int i = 0; i < money.length; i++) {
      rows.add(
          new Object[] {
            i + 1,
            i % 2 == 0 ? LocalDate.of(1, 1, 1) : LocalDate.of(9999, 12, 31),
            i % 2 == 0 ? LocalTime.MIDNIGHT : LocalTime.of(23, 59, 59, 999_000_000),
            LocalDate.of(2024, 2, 29),
            LocalTime.of(12, 0, 0, 1_000_000),
            Integer.MAX_VALUE - i,
            Integer.MIN_VALUE + i,
            new BigDecimal(money[i]),
            i,
            -i,
            i % 3 == 0,
            LocalDate.of(1970, 1, 1).plusDays(i * 1000L - 3000)
          });
    }
    return rows;
  }

  @Test
  void writesWhatParquetAvroWroteForEveryColumnType() throws Exception {
    WarehouseTable table = WarehouseTable.FACT_PAYMENT;
    assertThat(table.columns().stream().map(c -> c.type().name()).distinct())
        .contains("INT", "DECIMAL_10_2", "DATE", "TIME_MILLIS", "BOOLEAN");
    List<Object[]> rows = edgePayments();
    assertThat(rows.get(0)).hasSize(table.columns().size());
    Path ours = writeOurs(table, rows);
    Path reference = writeWithParquetAvro(table, rows);

    MessageType ourSchema = schemaOf(ours);
    assertThat(ourSchema).isEqualTo(schemaOf(reference));
    assertThat(ourSchema.toString())
        .contains("fixed_len_byte_array(5) payment_amount (DECIMAL(10,2))")
        .contains("int32 created_date (DATE)")
        .contains("int32 created_time (TIME(MILLIS,true))");
    assertThat(footerAvroSchema(ours)).isEqualTo(footerAvroSchema(reference)).isNotNull();
    assertThat(readBack(ours, table)).isEqualTo(readBack(reference, table));
    assertThat(readBack(ours, table)).isEqualTo(asLists(rows));
  }

  @Test
  void writesNullsAndTextOfNullableColumns() throws Exception {
    WarehouseTable table = WarehouseTable.DIM_LOCATION;
    List<Object[]> rows = locations("Zürich – 東京 ");
    Path ours = writeOurs(table, rows);
    assertThat(schemaOf(ours)).isEqualTo(schemaOf(writeWithParquetAvro(table, rows)));
    assertThat(readBack(ours, table)).isEqualTo(asLists(rows));
  }

  /**
   * Two dim_location rows: every text column {@code text} + its name, and the nullable ones NULL
   * (the others empty).
   */
  private static List<Object[]> locations(String text) {
    WarehouseTable table = WarehouseTable.DIM_LOCATION;
    Object[] full = new Object[table.columns().size()];
    Object[] sparse = new Object[table.columns().size()];
    for (int i = 0; i < full.length; i++) {
      Column c = table.columns().get(i);
      full[i] = i == 0 ? 7 : text + c.name();
      sparse[i] = i == 0 ? 8 : c.nullable() ? null : "";
    }
    return List.of(full, sparse);
  }

  @Test
  void refusesAValueThatIsNotDecimal102() {
    WarehouseTable table = WarehouseTable.FACT_PAYMENT;
    Object[] row = edgePayments().get(0);
    row[7] = new BigDecimal("1.005");
    try (ParquetTableWriter writer = new ParquetTableWriter(store, bucket, "bad.parquet", table)) {
      assertThatThrownBy(() -> writer.write(new WarehouseRow(table, row)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payment_amount 1.005 is not a DECIMAL(10,2) value");
    }
  }

  private Path writeOurs(WarehouseTable table, List<Object[]> rows) throws IOException {
    FileEntry entry;
    try (ParquetTableWriter writer = new ParquetTableWriter(store, bucket, "t.parquet", table)) {
      for (Object[] row : rows) {
        writer.write(new WarehouseRow(table, row.clone()));
      }
      entry = writer.finish();
    }
    assertThat(entry.rows()).isEqualTo(rows.size());
    Path file = temp.resolve("ours-" + UUID.randomUUID() + ".parquet");
    try (var in = store.open(bucket, entry.key());
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
    }
    return file;
  }

  private Path writeWithParquetAvro(WarehouseTable table, List<Object[]> rows) throws IOException {
    Path file = temp.resolve("avro-" + UUID.randomUUID() + ".parquet");
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(WarehouseSchemas.of(table))
            .withDataModel(WarehouseSchemas.model())
            .withConf(new PlainParquetConfiguration())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      for (Object[] row : rows) {
        GenericRecord record = new GenericData.Record(WarehouseSchemas.of(table));
        for (int i = 0; i < row.length; i++) {
          record.put(i, row[i]);
        }
        writer.write(record);
      }
    }
    return file;
  }

  private static MessageType schemaOf(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  private static String footerAvroSchema(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema");
    }
  }

  private List<List<Object>> readBack(Path file, WarehouseTable table) throws IOException {
    String key = "read-" + UUID.randomUUID() + ".parquet";
    try (ObjectOutput out = store.create(bucket, key)) {
      out.write(Files.readAllBytes(file));
    }
    List<List<Object>> rows = new ArrayList<>();
    new ParquetTableReader(store, temp).read(bucket, key, table, r -> rows.add(Arrays.asList(r)));
    return rows;
  }

  private static List<List<Object>> asLists(List<Object[]> rows) {
    return rows.stream().map(Arrays::asList).toList();
  }

  // ------------------------------------------------- read back as COPY text (the load)

  @Test
  void encodesEveryColumnTypeAtItsEdgesAsTheRowsEncodeTo() throws Exception {
    List<Object[]> rows = edgePayments();
    FileEntry file = writeEntry(WarehouseTable.FACT_PAYMENT, rows);
    String expected = rowsAsText(WarehouseTable.FACT_PAYMENT, rows);
    assertThat(expected).contains("-99999999.99", "0001-01-01", "9999-12-31", "23:59:59.999");
    assertThat(copyText(WarehouseTable.FACT_PAYMENT, file)).isEqualTo(expected);
  }

  @Test
  void encodesNullsAndTextThatNeedsEscaping() throws Exception {
    WarehouseTable table = WarehouseTable.DIM_LOCATION;
    List<Object[]> rows = locations("Zürich – 東京\t\\n\n\r ");
    FileEntry file = writeEntry(table, rows);
    String expected = rowsAsText(table, rows);
    assertThat(expected).contains("\\N", "Zürich – 東京\\t\\\\n\\n\\r ");
    assertThat(copyText(table, file)).isEqualTo(expected);
  }

  @Test
  void refusesAFileOfAnotherTableNamingItsSchema() throws Exception {
    FileEntry file = writeEntry(WarehouseTable.FACT_PAYMENT, edgePayments());
    assertThatThrownBy(() -> copyText(WarehouseTable.FACT_SALES_ORDER, file))
        .isInstanceOf(MalformedObjectException.class)
        .hasMessageContaining("is not a readable fact_sales_order Parquet file")
        .hasMessageContaining("its schema is not the fact_sales_order schema");
  }

  @Test
  void aSinkThatFailsIsTheCallersFailureNotTheFiles() throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.addAll(edgePayments()); // ~200 KB of text: the buffer is sent
    }
    FileEntry file = writeEntry(WarehouseTable.FACT_PAYMENT, rows);
    SQLException full = new SQLException("no space left", "58030");
    CopyTextEncoder encoder =
        new CopyTextEncoder(
            "fact_payment",
            (bytes, offset, length) -> {
              throw full;
            });
    ParquetTableReader reader = new ParquetTableReader(store, temp);
    assertThatThrownBy(() -> reader.copyText(bucket, file, WarehouseTable.FACT_PAYMENT, encoder))
        .isSameAs(full);
  }

  private FileEntry writeEntry(WarehouseTable table, List<Object[]> rows) {
    try (ParquetTableWriter writer = new ParquetTableWriter(store, bucket, "t.parquet", table)) {
      for (Object[] row : rows) {
        writer.write(new WarehouseRow(table, row.clone()));
      }
      return writer.finish();
    }
  }

  private String copyText(WarehouseTable table, FileEntry file) throws SQLException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    CopyTextEncoder encoder = new CopyTextEncoder(table.tableName(), text::write);
    long rows = new ParquetTableReader(store, temp).copyText(bucket, file, table, encoder);
    assertThat(encoder.finish()).isEqualTo(rows).isEqualTo(file.rows());
    return text.toString(StandardCharsets.UTF_8);
  }

  /** The rows as written, encoded one row of Java values at a time (as the load did before). */
  private static String rowsAsText(WarehouseTable table, List<Object[]> rows) throws SQLException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    CopyTextEncoder encoder = new CopyTextEncoder(table.tableName(), text::write);
    for (Object[] row : rows) {
      encoder.row(table.columns(), row);
    }
    encoder.finish();
    return text.toString(StandardCharsets.UTF_8);
  }
}
