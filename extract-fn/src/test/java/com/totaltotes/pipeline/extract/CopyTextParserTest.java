package com.totaltotes.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    int n = row.asciiChars(0);
    assertThat(new String(row.chars(), 0, n)).isEqualTo("1");
    assertThat(row.isNull(1)).isTrue();
    assertThat(row.isNull(2)).isFalse();
    assertThat(row.length(2)).isZero();
    assertThat(text(row, 3)).isEqualTo("Zoë");
  }

  @Test
  void readsIdsAndTimestampsWithoutAStringPerValue() {
    CopyTextParser row =
        parse("42\t-7\t2022-11-03 14:20:52.18\tinfinity\t4a\t\t2022-11-03 14:20:52\n");
    assertThat(row.integer(0)).isEqualTo(42);
    assertThat(row.integer(1)).isEqualTo(-7);
    assertThat(row.timestamp(2)).isEqualTo("2022-11-03T14:20:52.180");
    int n = row.isoTimestamp(2);
    assertThat(new String(row.iso(), 0, n, StandardCharsets.US_ASCII))
        .isEqualTo("2022-11-03T14:20:52.180");
    assertThat(row.isoTimestamp(3)).isEqualTo(-1);
    assertThat(row.timestamp(3)).isEqualTo("infinity");
    assertThat(row.timestamp(6)).isEqualTo("2022-11-03T14:20:52.000");
    assertThatThrownBy(() -> row.integer(4))
        .isInstanceOf(NumberFormatException.class)
        .hasMessageContaining("4a");
    assertThatThrownBy(() -> row.integer(5)).isInstanceOf(NumberFormatException.class);
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

  @Test
  void givesAsciiFieldsAsCharactersOfAnyLength() {
    String digits = "1234567890".repeat(20) + ".25";
    CopyTextParser row = parse("-42\t" + digits + "\t2022-11-03 14:20:52.18\n");
    int n = row.asciiChars(1);
    assertThat(new String(row.chars(), 0, n)).isEqualTo(digits);
    n = row.asciiChars(0);
    assertThat(new String(row.chars(), 0, n)).isEqualTo("-42");
    n = row.asciiChars(2);
    assertThat(new String(row.chars(), 0, n)).isEqualTo(row.ascii(2));
  }
}
