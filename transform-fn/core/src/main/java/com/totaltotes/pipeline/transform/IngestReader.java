package com.totaltotes.pipeline.transform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import com.totaltotes.pipeline.transform.mapping.SourceRow;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the raw rows of one table of an ingest run, file by file, row by row (one parser per
 * file). Checks each file's byte count, checksum and row count against the manifest (all three are
 * mandatory); a garbled line, a truncated gzip part or any mismatch fails permanently with the key
 * (and line) named.
 */
final class IngestReader {
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;

  IngestReader(ObjectStore store, ObjectMapper mapper, String bucket) {
    this.store = store;
    this.mapper = mapper;
    this.bucket = bucket;
  }

  /** Reads one JSON object, the parser being at its {@code START_OBJECT}. */
  @FunctionalInterface
  interface RowParser<T> {
    T parse(JsonParser parser) throws IOException;
  }

  /**
   * Calls {@code sink} with every row of {@code table} in {@code manifest}, parsed straight from
   * the stream into {@link SourceRow}s; returns the count.
   */
  long forEachRow(IngestManifest manifest, SourceTable table, Consumer<SourceRow> sink) {
    return forEachRow(table, files(manifest, table), sink);
  }

  /** Calls {@code sink} with every row of {@code files}, rows of {@code table}, in order. */
  long forEachRow(SourceTable table, List<FileEntry> files, Consumer<SourceRow> sink) {
    return forEachRow(files, new SourceRow.Parser(table)::parse, sink);
  }

  /**
   * The files of {@code table} in {@code manifest}.
   *
   * @throws MalformedObjectException when the manifest does not list the table
   */
  static List<FileEntry> files(IngestManifest manifest, SourceTable table) {
    IngestManifest.Table entry = manifest.table(table.tableName());
    if (entry == null) {
      throw new MalformedObjectException(
          "ingest manifest of run "
              + manifest.runId()
              + " does not list table "
              + table.tableName(),
          null);
    }
    return entry.files();
  }

  /** Calls {@code sink} with every row of {@code files} as a map, in order; returns the count. */
  long forEachRow(List<FileEntry> files, Consumer<Map<String, Object>> sink) {
    ObjectReader rowReader = mapper.readerFor(ROW);
    return forEachRow(files, rowReader::readValue, sink);
  }

  /** Calls {@code sink} with every row of {@code files} as {@code rowParser} reads it. */
  <T> long forEachRow(List<FileEntry> files, RowParser<T> rowParser, Consumer<T> sink) {
    long rows = 0;
    for (FileEntry file : files) {
      rows += readFile(file, rowParser, sink);
    }
    return rows;
  }

  private <T> long readFile(FileEntry file, RowParser<T> rowParser, Consumer<T> sink) {
    String where = "s3://" + bucket + "/" + file.key();
    long rows = 0;
    try (VerifiedInput verified = new VerifiedInput(store.open(bucket, file.key()), file, where);
        GZIPInputStream gzip = new GZIPInputStream(verified, 64 * 1024);
        JsonParser parser = mapper.createParser(gzip)) {
      parser.disable(
          JsonParser.Feature.AUTO_CLOSE_SOURCE); // the checksum needs the rest of the object
      for (JsonToken token; (token = next(parser, where, rows)) != null; ) {
        if (token != JsonToken.START_OBJECT) {
          throw new MalformedObjectException(
              where
                  + " row "
                  + (rows + 1)
                  + " (line "
                  + parser.currentLocation().getLineNr()
                  + ") is not a JSON object",
              null);
        }
        T row;
        try {
          row = rowParser.parse(parser);
        } catch (JsonProcessingException e) {
          throw malformed(where, rows, e);
        }
        rows++;
        sink.accept(row);
      }
      verified.verify(); // bytes and checksum of the whole object, trailer and anything after it
      // included
    } catch (EOFException | ZipException e) {
      throw new MalformedObjectException(
          where + " is truncated or not gzip (after row " + rows + "): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + where, e);
    }
    if (rows != file.rows()) {
      throw new MalformedObjectException(
          where + " holds " + rows + " rows but its manifest says " + file.rows(), null);
    }
    return rows;
  }

  private static JsonToken next(JsonParser parser, String where, long rows) throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      throw malformed(where, rows, e);
    }
  }

  private static MalformedObjectException malformed(
      String where, long rows, JsonProcessingException e) {
    long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
    return new MalformedObjectException(
        where
            + " row "
            + (rows + 1)
            + " (line "
            + line
            + ") is not a JSON object: "
            + e.getOriginalMessage(),
        e);
  }
}
