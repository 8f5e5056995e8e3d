package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextParserTest {
  private static CopyTextParser parse(String line) {
    CopyTextParser row = new CopyTextParser();
    row.parse(line.getBytes(StandardCharsets.UTF_8));
    return row;
  }

  private static String text(CopyTextParser row, int field) {
    int n = row.unescape(field);
    return new String(row.scratch(), 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void splitsFieldsAndKnowsNull() {
    CopyTextParser row = parse("1\t\\N\t\tZoë\n");
    assertThat(row.fields()).isEqualTo(4);
    assertThat(row.ascii(0)).isEqualTo("1");
    assertThat(row.isNull(1)).isTrue();
    assertThat(row.isNull(2)).isFalse();
    assertThat(row.length(2)).isZero();
    assertThat(text(row, 3)).isEqualTo("Zoë");
  }

  @Test
  void resolvesEscapesAndNeverSplitsOnAnEscapedTab() {
    CopyTextParser row = parse("a\\tb\\\\c\\nd\\re\tO'Brien \"x\"\n");
    assertThat(row.fields()).isEqualTo(2);
    assertThat(row.hasEscape(0)).isTrue();
    assertThat(text(row, 0)).isEqualTo("a\tb\\c\nd\re");
    assertThat(row.hasEscape(1)).isFalse();
    assertThat(text(row, 1)).isEqualTo("O'Brien \"x\"");
  }

  @Test
  void aBackslashNFieldWithOtherTextIsNotNull() {
    CopyTextParser row = parse("\\\\N\n");
    assertThat(row.isNull(0)).isFalse();
    assertThat(text(row, 0)).isEqualTo("\\N");
  }
}
