package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextRowTest {
  private static CopyTextRow parse(String line) {
    CopyTextRow row = new CopyTextRow();
    row.parse(line.getBytes(StandardCharsets.UTF_8));
    return row;
  }

  private static String text(CopyTextRow row, int field) {
    int n = row.unescape(field);
    return new String(row.scratch(), 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void splitsFieldsAndKnowsNull() {
    CopyTextRow row = parse("1\t\\N\t\tZoë\n");
    assertThat(row.fields()).isEqualTo(4);
    assertThat(row.ascii(0)).isEqualTo("1");
    assertThat(row.isNull(1)).isTrue();
    assertThat(row.isNull(2)).isFalse();
    assertThat(row.length(2)).isZero();
    assertThat(text(row, 3)).isEqualTo("Zoë");
  }

  @Test
  void resolvesEscapesAndNeverSplitsOnAnEscapedTab() {
    CopyTextRow row = parse("a\\tb\\\\c\\nd\\re\tO'Brien \"x\"\n");
    assertThat(row.fields()).isEqualTo(2);
    assertThat(row.hasEscape(0)).isTrue();
    assertThat(text(row, 0)).isEqualTo("a\tb\\c\nd\re");
    assertThat(row.hasEscape(1)).isFalse();
    assertThat(text(row, 1)).isEqualTo("O'Brien \"x\"");
  }

  @Test
  void aBackslashNFieldWithOtherTextIsNotNull() {
    CopyTextRow row = parse("\\\\N\n");
    assertThat(row.isNull(0)).isFalse();
    assertThat(text(row, 0)).isEqualTo("\\N");
  }
}
