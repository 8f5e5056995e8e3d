package com.totaltotes.pipeline.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.manifest.FileEntry;
import com.totaltotes.pipeline.manifest.IngestManifest;
import com.totaltotes.pipeline.manifest.ManifestStore;
import com.totaltotes.pipeline.run.RunId;
import com.totaltotes.pipeline.source.SourceTable;
import com.totaltotes.pipeline.storage.ObjectStore;
import com.totaltotes.pipeline.storage.VerifiedInput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
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
 * reads, or a raw file since is damaged or gone (the run then compares with nothing, as before,
 * with a warning).
 */
final class KeySetRebuild {
  private static final Logger LOG = Logger.getLogger(KeySetRebuild.class);

  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final String bucket;
  private final ManifestStore<IngestManifest> manifests;
  private final List<RunId> runs;
  private final java.util.concurrent.atomic.AtomicInteger asked =
      new java.util.concurrent.atomic.AtomicInteger();

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

  /** How many key sets this run found lost and rebuilt (or could not rebuild). */
  int lost() {
    return asked.get();
  }

  /** The key set of {@code table} after {@code previous}, rebuilt; null when it cannot be. */
  SourceKeys.KeySet after(IngestManifest previous, SourceTable table) {
    asked.incrementAndGet();
    int at = runs.indexOf(previous.run());
    Deque<IngestManifest.Table> replay = new ArrayDeque<>();
    SourceKeys.KeySet base = null;
    String from = null;
    for (int i = at; i >= 0; i--) {
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
    try {
      for (IngestManifest.Table entry : replay) { // oldest first
        for (FileEntry file : entry.files()) {
          forEachLine(file, row -> ids.add(id(file, row, table.idColumn())));
        }
        for (FileEntry file : entry.deletions()) {
          forEachLine(
              file,
              change -> {
                int id = id(file, change, "id");
                String event = change.path("event").asText();
                if ("deleted".equals(event)) {
                  ids.remove(id);
                  deleted.add(id);
                } else if ("appeared".equals(event)) {
                  deleted.remove(id);
                  ids.add(id);
                }
              });
        }
      }
    } catch (PipelineException e) {
      if (!e.permanent()) {
        throw e;
      }
      // a raw run damaged or gone as well: compare with nothing this time, as without a rebuild,
      // rather than fail every later run on it
      LOG.warnf(
          "key set of %s after run %s cannot be rebuilt from run %s on: %s",
          table.tableName(), previous.runId(), from, e.getMessage());
      return null;
    }
    LOG.warnf(
        "key set of %s after run %s rebuilt from the key set of run %s and %d run(s) since",
        table.tableName(), previous.runId(), from, replay.size());
    return new SourceKeys.KeySet(ids, deleted, base.unread());
  }

  /**
   * Each line of a gzipped JSON Lines file a manifest lists, its bytes and checksum checked against
   * the entry ({@link VerifiedInput}, as {@link SourceKeys#read} checks a key set).
   */
  private void forEachLine(FileEntry file, Consumer<JsonNode> line) {
    String where = "s3://" + bucket + "/" + file.key();
    try (VerifiedInput verified = new VerifiedInput(store.open(bucket, file.key()), file, where);
        JsonParser parser =
            mapper
                .createParser(new GZIPInputStream(verified))
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE); // read on to verify the bytes
        MappingIterator<JsonNode> lines = mapper.readValues(parser, JsonNode.class)) {
      while (lines.hasNextValue()) {
        line.accept(lines.nextValue());
      }
      verified.transferTo(OutputStream.nullOutputStream());
      verified.verify();
    } catch (IOException | RuntimeJsonMappingException e) {
      throw new MalformedObjectException(where + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static int id(FileEntry file, JsonNode line, String column) {
    JsonNode id = line.get(column);
    if (id == null || !id.canConvertToInt()) {
      throw new MalformedObjectException(
          "a line of " + file.key() + " has no integer " + column + ": " + line, null);
    }
    return id.intValue();
  }
}
