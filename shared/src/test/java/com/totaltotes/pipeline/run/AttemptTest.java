package com.totaltotes.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttemptTest {
  @Test
  void eightLowercaseHexDigitsThatDifferFromCallToCall() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String tag = Attempt.next();
      assertThat(tag).matches("[0-9a-f]{8}");
      seen.add(tag);
    }
    // 1000 draws of 32 random bits: a repeat has a chance of about 1 in 10,000
    assertThat(seen).hasSizeGreaterThan(995);
  }
}
