package com.totaltotes.pipeline.deploy;

import static com.totaltotes.pipeline.testing.sam.SamTemplate.list;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.map;
import static com.totaltotes.pipeline.testing.sam.SamTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import com.totaltotes.pipeline.testing.sam.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Glue tables Athena reads the processed Parquet through must match the warehouse schema, which
 * the Flyway migrations in load-fn declare (the same names and types the transform writes).
 */
class GlueTablesTest {
  private static final SamTemplate T = SamTemplate.load();
  private static final Path MIGRATIONS =
      ProjectFiles.path("load-fn/core/src/main/resources/db/migration");

  /** Warehouse (PostgreSQL) type → Hive type of the Parquet column. */
  private static final Map<String, String> HIVE_TYPES =
      Map.of(
          "integer", "int",
          "text", "string",
          "date", "date",
          "numeric(10,2)", "decimal(10,2)",
          "boolean", "boolean",
          // Hive has no TIME: the Parquet TIME(MILLIS) column is an int32 of milliseconds since
          // midnight
          "time(3)", "int");

  private static final Pattern TABLE =
      Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);
  private static final Pattern COLUMN =
      Pattern.compile(
          "^ {4}([a-z][a-z0-9_]*)\\s+([a-z]+(?:\\(\\d+(?:,\\d+)?\\))?)", Pattern.MULTILINE);

  @Test
  void oneGlueTablePerWarehouseTableWithTheWarehouseColumnsInOrder() throws IOException {
    Map<String, List<String>> warehouse = warehouseTables();
    assertThat(warehouse).hasSize(11);

    Map<String, List<String>> glue = new LinkedHashMap<>();
    T.resourcesOfType("AWS::Glue::Table")
        .forEach(
            (id, table) -> {
              Map<String, Object> input =
                  map(map(table.get("Properties"), id).get("TableInput"), id);
              List<String> columns = new ArrayList<>();
              for (Object c : list(map(input.get("StorageDescriptor"), id).get("Columns"), id)) {
                Map<String, Object> column = map(c, id);
                columns.add(column.get("Name") + " " + column.get("Type"));
              }
              glue.put(String.valueOf(input.get("Name")), columns);
            });
    assertThat(glue).isEqualTo(warehouse);
  }

  @Test
  void glueTablesReadTheParquetUnderTheirPrefixPartitionedByRunDate() {
    String bucket = T.bucketName("ProcessedBucket");
    T.resourcesOfType("AWS::Glue::Table")
        .forEach(
            (id, table) -> {
              Map<String, Object> props = map(table.get("Properties"), id);
              assertThat(props.get("DatabaseName")).isEqualTo(ref("GlueDatabase"));
              Map<String, Object> input = map(props.get("TableInput"), id);
              String name = String.valueOf(input.get("Name"));
              Map<String, Object> storage = map(input.get("StorageDescriptor"), id);
              assertThat(SamTemplate.sub(storage.get("Location")))
                  .isEqualTo("s3://" + bucket + "/" + name + "/");
              assertThat(map(storage.get("SerdeInfo"), id))
                  .containsEntry(
                      "SerializationLibrary",
                      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
              assertThat(storage)
                  .containsEntry(
                      "InputFormat",
                      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
              assertThat(list(input.get("PartitionKeys"), id))
                  .singleElement()
                  .satisfies(
                      k ->
                          assertThat(map(k, id))
                              .containsEntry("Name", "dt")
                              .containsEntry("Type", "string"));
              assertThat(map(input.get("Parameters"), id))
                  .containsEntry("classification", "parquet")
                  .containsEntry("projection.enabled", "true")
                  .containsEntry("projection.dt.type", "date")
                  .containsEntry("projection.dt.format", "yyyy-MM-dd");
            });
  }

  /**
   * dim_* and fact_* tables of the migrations, columns as "name hive_type", serial keys left out.
   */
  private static Map<String, List<String>> warehouseTables() throws IOException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    List<Path> scripts;
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      scripts =
          files
              .filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
              .sorted()
              .toList();
    }
    for (Path script : scripts) {
      Matcher table = TABLE.matcher(Files.readString(script));
      while (table.find()) {
        String name = table.group(1);
        if (!name.startsWith("dim_") && !name.startsWith("fact_")) {
          continue; // the load ledger is not in the processed bucket
        }
        List<String> columns = new ArrayList<>();
        Matcher column = COLUMN.matcher(table.group(2));
        while (column.find()) {
          String type = column.group(2);
          if (type.equals("serial")) {
            continue; // a fact's surrogate key: assigned by the warehouse, not in the Parquet
          }
          String hive = HIVE_TYPES.get(type);
          assertThat(hive).as("Hive type for %s.%s %s", name, column.group(1), type).isNotNull();
          columns.add(column.group(1) + " " + hive);
        }
        tables.put(name, columns);
      }
    }
    return tables;
  }
}
