package com.totaltotes.pipeline.run;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random tag per invocation, part of every data key a run writes ({@code <run>-<attempt>-…}), so
 * two concurrent invocations of one run can never write the same object; only one of them gets its
 * manifest written, and the other's files are orphans nothing reads.
 */
public final class Attempt {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Attempt() {}

  /** Eight lowercase hex digits. */
  public static String next() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
