package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * A table's key set after a run, rebuilt when the one the run stored is gone or unreadable (issue
 * 26): the newest earlier key set that reads, brought forward over the runs since — the ids of the
 * rows they read (an inserted row is read by the window that holds its last_updated, or by id as a
 * late row), then the ids they found deleted or back again. Without it the next run could not
 * compare, and a row deleted meanwhile would never be recorded as deleted.
 *
 * <p>What it cannot know: a row inserted and not read yet by a bounded run (it counts as appeared
 * at the next comparison and is read by id, a harmless extra read). Null when no earlier key set
 * reads (the run then compares with nothing, as before, with a warning).
 */
final class KeySetRebuild {
  private static final Logger LOG = Logger.getLogger(KeySetRebuild.class);

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;
  private final ManifestStore<IngestManifest> manifests;
  private final List<RunId> runs;

  KeySetRebuild(
      ObjectStore store,
      ObjectMapper mapper,
      ManifestStore<IngestManifest> manifests,
      List<RunId> runs) {
    this.store = store;
    this.mapper = mapper;
    this.bucket = manifests.bucket();
    this.manifests = manifests;
    this.runs = List.copyOf(runs);
  }

  /** The key set of {@code table} after {@code previous}, rebuilt; null when it cannot be. */
  SourceKeys.KeySet after(IngestManifest previous, SourceTable table) {
    int at = runs.indexOf(previous.run());
    Deque<IngestManifest.Table> replay = new ArrayDeque<>();
    SourceKeys.KeySet base = null;
    String from = null;
    for (int i = at; i >= 0 && base == null; i--) {
      IngestManifest m = i == at ? previous : manifests.readOrNull(runs.get(i));
      IngestManifest.Table entry = m == null ? null : m.table(table.tableName());
      if (entry == null) {
        continue;
      }
      if (i != at) {
        if (entry.ids() == null) {
          break; // a run from before key sets: nothing older to start from
        }
        try {
          base = SourceKeys.read(store, bucket, entry.ids());
          from = m.runId();
          break;
        } catch (PipelineException e) {
          if (!e.permanent()) {
            throw e;
          }
        }
      }
      replay.push(entry);
    }
    if (base == null) {
      return null;
    }
    RoaringBitmap ids = base.ids().clone();
    RoaringBitmap deleted = base.deleted().clone();
    for (IngestManifest.Table entry : replay) { // oldest first
      for (FileEntry file : entry.files()) {
        forEachObject(
            file,
            (parser, field) -> {
              if (field.equals(table.idColumn())) {
                ids.add(intValue(parser));
              }
            });
      }
      for (FileEntry file : entry.deletions()) {
        int[] id = {0};
        String[] event = {null};
        forEachDeletion(file, id, event, ids, deleted);
      }
    }
    LOG.warnf(
        "key set of %s after run %s rebuilt from the key set of run %s and %d run(s) since",
        table.tableName(), previous.runId(), from, replay.size());
    return new SourceKeys.KeySet(ids, deleted, base.unread());
  }

  private void forEachDeletion(
      FileEntry file, int[] id, String[] event, RoaringBitmap ids, RoaringBitmap deleted) {
    forEachObject(
        file,
        (parser, field) -> {
          if ("id".equals(field)) {
            id[0] = intValue(parser);
          } else if ("event".equals(field)) {
            event[0] = text(parser);
          }
          if (event[0] != null && id[0] != 0) {
            if ("deleted".equals(event[0])) {
              ids.remove(id[0]);
              deleted.add(id[0]);
            } else if ("appeared".equals(event[0])) {
              deleted.remove(id[0]);
              ids.add(id[0]);
            }
            id[0] = 0;
            event[0] = null;
          }
        });
  }

  /**
   * Calls {@code field} for each top-level field of each JSON object of a gzipped JSON Lines file.
   */
  private void forEachObject(FileEntry file, BiConsumer<JsonParser, String> field) {
    String where = "s3://" + bucket + "/" + file.key();
    try (InputStream in = new GZIPInputStream(store.open(bucket, file.key()));
        JsonParser parser = mapper.createParser(in)) {
      for (JsonToken t; (t = parser.nextToken()) != null; ) {
        if (t != JsonToken.START_OBJECT) {
          throw new MalformedObjectException(where + " holds a line that is not an object", null);
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          field.accept(parser, name);
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new MalformedObjectException(where + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static int intValue(JsonParser parser) {
    try {
      return parser.getIntValue();
    } catch (IOException e) {
      throw new MalformedObjectException("an id is not a number: " + e.getMessage(), e);
    }
  }

  private static String text(JsonParser parser) {
    try {
      return parser.getValueAsString();
    } catch (IOException e) {
      throw new MalformedObjectException("a field is not text", e);
    }
  }
}
