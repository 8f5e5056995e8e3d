package com.totaltotes.pipeline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ObjectStore} over the AWS SDK v2 S3 client (works against S3 and S3Proxy). */
public final class S3ObjectStore implements ObjectStore {
  /** Part size of multipart uploads; S3 requires at least 5 MiB for all but the last part. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  private final S3Client s3;
  private final int partSize;

  /** Uploads parts in the background while the caller fills the next one (one part in flight). */
  private final ExecutorService uploads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "s3-part-upload");
            t.setDaemon(true);
            return t;
          });

  public S3ObjectStore(S3Client s3) {
    this(s3, DEFAULT_PART_SIZE);
  }

  public S3ObjectStore(S3Client s3, int partSize) {
    if (partSize < 5 * 1024 * 1024) {
      throw new IllegalArgumentException("part size must be at least 5 MiB: " + partSize);
    }
    this.s3 = s3;
    this.partSize = partSize;
  }

  @Override
  public ObjectOutput create(String bucket, String key) {
    return new Upload(bucket, key);
  }

  @Override
  public InputStream open(String bucket, String key) {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new ObjectNotFoundException(bucket, key, e);
    } catch (SdkException e) {
      throw failure("read", bucket, key, e);
    }
  }

  @Override
  public List<String> list(String bucket, String prefix, String startAfter) {
    List<String> keys = new ArrayList<>();
    try {
      // the SDK's paginator asks for the next page while the listing is truncated
      s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).startAfter(startAfter))
          .contents()
          .forEach(o -> keys.add(o.key()));
    } catch (SdkException e) {
      throw failure("list", bucket, prefix + "*", e);
    }
    return keys;
  }

  @Override
  public boolean createIfAbsent(String bucket, String key, byte[] bytes) {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).ifNoneMatch("*").contentLength((long) bytes.length),
          RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      // 412: the key exists; 409: a concurrent conditional write of the same key is in progress.
      // A 412 can also answer the SDK's retry of our own PUT whose first attempt was stored but
      // whose response was lost: then the stored bytes are ours.
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return e.statusCode() == 412 && holds(bucket, key, bytes);
      }
      throw failure("write", bucket, key, e);
    } catch (SdkException e) {
      throw failure("write", bucket, key, e);
    }
  }

  private boolean holds(String bucket, String key, byte[] bytes) {
    try (InputStream in = open(bucket, key)) {
      return java.util.Arrays.equals(in.readAllBytes(), bytes);
    } catch (ObjectNotFoundException | IOException e) {
      return false;
    }
  }

  @Override
  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("check", bucket, key, e);
    } catch (SdkException e) {
      throw failure("check", bucket, key, e);
    }
  }

  static StorageException failure(String action, String bucket, String key, SdkException e) {
    String where = "s3://" + bucket + "/" + key;
    if (e instanceof NoSuchBucketException) {
      return new StorageException(
          "cannot " + action + " " + where + ": bucket '" + bucket + "' does not exist", true, e);
    }
    if (e instanceof S3Exception s3e) {
      int status = s3e.statusCode();
      String code = s3e.awsErrorDetails() == null ? "" : " " + s3e.awsErrorDetails().errorCode();
      boolean permanent = status >= 400 && status < 500 && status != 429 && status != 408;
      return new StorageException(
          "cannot " + action + " " + where + ": HTTP " + status + code, permanent, e);
    }
    if (e instanceof SdkClientException) {
      return new StorageException(
          "cannot " + action + " " + where + ": object store unreachable (" + e.getMessage() + ")",
          false,
          e);
    }
    return new StorageException("cannot " + action + " " + where + ": " + e.getMessage(), false, e);
  }

  /** Buffers one part; a single PUT when the object fits in it, a multipart upload otherwise. */
  private final class Upload extends ObjectOutput {
    private final String bucket;
    private final String key;
    private final List<CompletedPart> parts = new ArrayList<>();
    private Future<CompletedPart> inFlight;
    private final CRC32C crc = new CRC32C();
    private byte[] buffer = new byte[64 * 1024];
    private int used;
    private long size;
    private String uploadId;
    private boolean finished;

    Upload(String bucket, String key) {
      this.bucket = bucket;
      this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (finished) {
        throw new IOException("upload of s3://" + bucket + "/" + key + " is already finished");
      }
      crc.update(b, off, len);
      while (len > 0) {
        if (used == partSize) {
          flushPart();
        }
        ensureCapacity(Math.min(partSize, used + len));
        int n = Math.min(len, partSize - used);
        System.arraycopy(b, off, buffer, used, n);
        used += n;
        off += n;
        len -= n;
        size += n;
      }
    }

    private void ensureCapacity(int needed) {
      if (needed > buffer.length) {
        int grown = Math.max(needed, Math.min(partSize, buffer.length * 2));
        buffer = java.util.Arrays.copyOf(buffer, grown);
      }
    }

    /** Hands the buffered part to the upload thread, after the previous part has gone up. */
    private void flushPart() {
      awaitInFlight();
      try {
        if (uploadId == null) {
          uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        }
      } catch (SdkException e) {
        abort();
        throw failure("write", bucket, key, e);
      }
      int number = parts.size() + 1;
      byte[] part = java.util.Arrays.copyOf(buffer, used);
      used = 0;
      String id = uploadId;
      inFlight =
          uploads.submit(
              () -> {
                String etag =
                    s3.uploadPart(
                            b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number),
                            RequestBody.fromBytes(part))
                        .eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
              });
    }

    private void awaitInFlight() {
      if (inFlight == null) {
        return;
      }
      try {
        parts.add(inFlight.get());
        inFlight = null;
      } catch (ExecutionException e) {
        inFlight = null;
        abort();
        if (e.getCause() instanceof SdkException sdk) {
          throw failure("write", bucket, key, sdk);
        }
        throw new StorageException(
            "cannot write s3://" + bucket + "/" + key + ": " + e.getCause(), false, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        throw new StorageException(
            "upload of s3://" + bucket + "/" + key + " was interrupted", false, e);
      }
    }

    @Override
    public void close() {
      if (finished) {
        return;
      }
      try {
        if (uploadId == null) {
          s3.putObject(
              b -> b.bucket(bucket).key(key).contentLength((long) used),
              RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, used)));
        } else {
          if (used > 0) {
            flushPart();
          }
          awaitInFlight();
          s3.completeMultipartUpload(
              b ->
                  b.bucket(bucket)
                      .key(key)
                      .uploadId(uploadId)
                      .multipartUpload(m -> m.parts(parts)));
        }
        finished = true;
      } catch (SdkException e) {
        abort();
        throw failure("write", bucket, key, e);
      } finally {
        buffer = null;
      }
    }

    @Override
    public void abort() {
      if (finished) {
        return;
      }
      finished = true;
      buffer = null;
      if (inFlight != null) {
        // let a part already on the wire finish: a part stored after the abort would stay behind
        try {
          inFlight.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
          // the upload is being discarded anyway
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight = null;
      }
      if (uploadId != null) {
        try {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
          // best effort: a lifecycle rule removes incomplete uploads that could not be aborted
        }
      }
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public String crc32c() {
      return Crc32c.hex(crc);
    }
  }
}
