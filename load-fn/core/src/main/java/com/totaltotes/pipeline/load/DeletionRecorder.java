package com.totaltotes.pipeline.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;

/**
 * Records a run's source deletions in {@code source_deletion}, in the run's transaction: a deleted
 * id gets a row (once per run that found it gone); an id that appeared again closes its open row
 * ({@code restored_in_run}).
 */
final class DeletionRecorder {
  /** What a run's deletions file did. */
  record Counts(long deleted, long restored) {
    static final Counts NONE = new Counts(0, 0);
  }

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;

  DeletionRecorder(ObjectStore store, ObjectMapper mapper, String bucket) {
    this.store = store;
    this.mapper = mapper;
    this.bucket = bucket;
  }

  Counts record(Connection c, RunId run, FileEntry file) throws SQLException {
    if (file == null) {
      return Counts.NONE;
    }
    String where = "s3://" + bucket + "/" + file.key();
    long deleted = 0;
    long restored = 0;
    long rows = 0;
    try (PreparedStatement insert =
            c.prepareStatement(
                "insert into source_deletion (source_table, source_id, deleted_in_run, detected_at)"
                    + " values (?, ?, ?, ?) on conflict do nothing");
        PreparedStatement restore =
            c.prepareStatement(
                "update source_deletion set restored_in_run = ? where source_table = ? and"
                    + " source_id = ? and restored_in_run is null and deleted_in_run <> ?");
        VerifiedInput verified = new VerifiedInput(store.open(bucket, file.key()), file, where);
        MappingIterator<JsonNode> lines =
            mapper
                .readerFor(JsonNode.class)
                .without(com.fasterxml.jackson.core.JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .readValues(new GZIPInputStream(verified, 64 * 1024))) {
      while (lines.hasNextValue()) {
        JsonNode line = lines.nextValue();
        rows++;
        String table = line.path("table").asText();
        if (SourceTable.byName(table).isEmpty() || !line.path("id").canConvertToInt()) {
          throw new MalformedObjectException(
              where + " line " + rows + " is not a deletion of a source table row", null);
        }
        int id = line.path("id").intValue();
        switch (line.path("event").asText()) {
          case "deleted" -> {
            insert.setString(1, table);
            insert.setInt(2, id);
            insert.setString(3, run.toString());
            insert.setObject(4, run.startedAt().atOffset(ZoneOffset.UTC));
            insert.addBatch();
            deleted++;
          }
          case "appeared" -> {
            restore.setString(1, run.toString());
            restore.setString(2, table);
            restore.setInt(3, id);
            restore.setString(4, run.toString());
            restore.addBatch();
          }
          default ->
              throw new MalformedObjectException(
                  where + " line " + rows + " has an unknown event", null);
        }
      }
      verified.verify();
      insert.executeBatch();
      for (int n : restore.executeBatch()) {
        restored += Math.max(n, 0);
      }
    } catch (IOException e) {
      throw new MalformedObjectException(
          where + " is not a readable deletions file: " + e.getMessage(), e);
    }
    if (rows != file.rows()) {
      throw new MalformedObjectException(
          where + " holds " + rows + " rows but its manifest says " + file.rows(), null);
    }
    return new Counts(deleted, restored);
  }
}
