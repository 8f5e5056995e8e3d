package com.totaltotes.pipeline.run;

import java.util.UUID;

/**
 * A random tag per invocation, part of every data key a run writes ({@code <run>-<attempt>-…}), so
 * two concurrent invocations of one run can never write the same object; only one of them gets its
 * manifest written, and the other's files are orphans nothing reads.
 *
 * <p>The bits come from {@link UUID#randomUUID()}, whose {@code SecureRandom} the JDK creates on
 * first use at run time. A {@code SecureRandom} in a static field of our own would be created when
 * the class is initialised, which a Quarkus native build does at build time: the image would then
 * hold a seeded generator, and native-image refuses that ("Detected an instance of
 * Random/SplittableRandom class in the image heap").
 */
public final class Attempt {
  private Attempt() {}

  /** Eight lowercase hex digits: the first 32 bits of a random (version 4) UUID, all random. */
  public static String next() {
    return String.format("%08x", UUID.randomUUID().getMostSignificantBits() >>> 32);
  }
}
