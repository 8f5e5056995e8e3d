package com.totaltotes.pipeline.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3-compatible HTTP server (S3Proxy) on a free loopback port, in memory or on the
 * filesystem. Clients use path-style access, region us-east-1 and the static keys below.
 */
public final class EmbeddedS3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "local-access";
  public static final String SECRET_KEY = "local-secret";
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final BlobStore blobStore;

  private EmbeddedS3Server(S3Proxy proxy, BlobStore blobStore) {
    this.proxy = proxy;
    this.blobStore = blobStore;
  }

  /** Objects kept in memory, gone on close. */
  public static EmbeddedS3Server startInMemory() {
    return start(BlobStores.create("transient", new Properties()));
  }

  /** Objects kept as files under {@code baseDir/<bucket>/<key>}, surviving restarts. */
  public static EmbeddedS3Server startOnDisk(Path baseDir) {
    try {
      Files.createDirectories(baseDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + baseDir, e);
    }
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
    return start(BlobStores.create("filesystem-nio2", props));
  }

  private static EmbeddedS3Server start(BlobStore blobStore) {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            // closed only when its user is done: no graceful wait (Jetty's waited ~2 s on the idle
            // keep-alive connections clients leave open, at the end of every ./totes command)
            .stopTimeout(0)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start within 30 s");
        }
        Thread.sleep(5);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy", e);
    }
    return new EmbeddedS3Server(proxy, blobStore);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Creates the bucket unless it exists. */
  public void createBucket(String bucket) {
    if (!blobStore.containerExists(bucket)) {
      blobStore.createContainer(bucket);
    }
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
  }
}
