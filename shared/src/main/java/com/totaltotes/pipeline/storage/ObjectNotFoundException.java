package com.totaltotes.pipeline.storage;

/** The bucket or the key does not exist. */
public class ObjectNotFoundException extends StorageException {
  public ObjectNotFoundException(String bucket, String key, Throwable cause) {
    super("object s3://" + bucket + "/" + key + " does not exist", true, cause);
  }
}
