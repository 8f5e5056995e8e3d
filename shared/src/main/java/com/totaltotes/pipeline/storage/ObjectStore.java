package com.totaltotes.pipeline.storage;

import java.io.InputStream;
import java.util.List;

/**
 * Object storage (S3 in production, S3Proxy locally and in tests). Keys are plain (not
 * URL-encoded). Implementations are thread-safe.
 */
public interface ObjectStore {
  /**
   * Starts writing a new object. Bytes are streamed: large objects go up in parts, so memory stays
   * bounded by the part size. The object becomes visible only when the stream is closed
   * successfully; {@link ObjectOutput#abort()} discards everything written.
   *
   * @throws StorageException when the bucket does not exist or the store is unreachable
   */
  ObjectOutput create(String bucket, String key);

  /**
   * Streams an object's bytes; the caller closes the stream.
   *
   * @throws ObjectNotFoundException when the key (or the bucket) does not exist
   */
  InputStream open(String bucket, String key);

  /**
   * Every key under {@code prefix} that sorts after {@code startAfter} (null: from the start), in
   * ascending UTF-8 byte order, all pages fetched.
   *
   * @throws StorageException when the bucket does not exist or the store is unreachable
   */
  List<String> list(String bucket, String prefix, String startAfter);

  /**
   * Stores a small object only if no object has that key: a conditional write ({@code
   * If-None-Match: *}) where the server supports it. Returns false when the key already exists. A
   * server that ignores the condition (some S3-compatible servers do) overwrites: callers that must
   * never overwrite check {@link #exists} or list first, as {@code ManifestStore} does.
   *
   * @throws StorageException when the bucket does not exist or the store is unreachable
   */
  boolean createIfAbsent(String bucket, String key, byte[] bytes);

  /** Whether the object exists. */
  boolean exists(String bucket, String key);
}
