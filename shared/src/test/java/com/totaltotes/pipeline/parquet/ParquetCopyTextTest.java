package com.totaltotes.pipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.copy.CopyTextEncoder;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.S3Fixture;
import com.totaltotes.pipeline.warehouse.Column;
import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetTableReader#copyText}, which reads Parquet straight into COPY text, writes exactly
 * the text that the rows read back as Java values encode to, for every column type at its edges,
 * and tells a file that is not the table's from a sink that fails.
 */
class ParquetCopyTextTest {
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

  @Test
  void encodesEveryColumnTypeAtItsEdgesAsTheRowsEncodeTo() throws Exception {
    List<Object[]> rows = ParquetTableWriterTest.edgePayments();
    FileEntry file = write(WarehouseTable.FACT_PAYMENT, rows);
    String expected = rowsAsText(WarehouseTable.FACT_PAYMENT, rows);
    assertThat(expected).contains("-99999999.99", "0001-01-01", "9999-12-31", "23:59:59.999");
    assertThat(copyText(WarehouseTable.FACT_PAYMENT, file)).isEqualTo(expected);
  }

  @Test
  void encodesNullsAndTextThatNeedsEscaping() throws Exception {
    WarehouseTable table = WarehouseTable.DIM_LOCATION;
    List<Object[]> rows = new ArrayList<>();
    Object[] full = new Object[table.columns().size()];
    Object[] sparse = new Object[table.columns().size()];
    for (int i = 0; i < full.length; i++) {
      Column c = table.columns().get(i);
      full[i] = i == 0 ? 7 : "Zürich – 東京\t\\n\n\r " + c.name();
      sparse[i] = i == 0 ? 8 : c.nullable() ? null : "";
    }
    rows.add(full);
    rows.add(sparse);
    FileEntry file = write(table, rows);
    String expected = rowsAsText(table, rows);
    assertThat(expected).contains("\\N", "Zürich – 東京\\t\\\\n\\n\\r ");
    assertThat(copyText(table, file)).isEqualTo(expected);
  }

  @Test
  void refusesAFileOfAnotherTableNamingItsSchema() throws Exception {
    FileEntry file = write(WarehouseTable.FACT_PAYMENT, ParquetTableWriterTest.edgePayments());
    assertThatThrownBy(() -> copyText(WarehouseTable.FACT_SALES_ORDER, file))
        .isInstanceOf(MalformedObjectException.class)
        .hasMessageContaining("is not a readable fact_sales_order Parquet file")
        .hasMessageContaining("its schema is not the fact_sales_order schema");
  }

  @Test
  void aSinkThatFailsIsTheCallersFailureNotTheFiles() throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.addAll(ParquetTableWriterTest.edgePayments()); // ~200 KB of text: the buffer is sent
    }
    FileEntry file = write(WarehouseTable.FACT_PAYMENT, rows);
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

  private FileEntry write(WarehouseTable table, List<Object[]> rows) {
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
