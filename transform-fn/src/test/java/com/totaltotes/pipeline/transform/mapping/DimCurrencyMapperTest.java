package com.totaltotes.pipeline.transform.mapping;

import static com.totaltotes.pipeline.transform.mapping.SourceRows.row;
import static com.totaltotes.pipeline.transform.mapping.SourceRows.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.totaltotes.pipeline.source.SourceTable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DimCurrencyMapperTest {
  private final DimCurrencyMapper mapper = new DimCurrencyMapper();

  private static SourceRow currency(int id, String code) {
    return source(
        SourceTable.CURRENCY,
        row()
            .set("currency_id", id)
            .set("currency_code", code)
            .set("created_at", "2022-11-03T14:20:49.962")
            .set("last_updated", "2022-11-03T14:20:49.962"));
  }

  @Test
  void namesGbpBritishPound() {
    DimCurrencyMapper.Result result = mapper.map(currency(1, "GBP"));

    assertThat(result.row())
        .containsExactlyEntriesOf(
            row()
                .set("currency_id", 1)
                .set("currency_code", "GBP")
                .set("currency_name", "British Pound"));
    assertThat(result.unknownCode()).isFalse();
  }

  @Test
  void keepsAnUnknownCodeAsItsNameAndReportsIt() {
    DimCurrencyMapper.Result result = mapper.map(currency(4, "XYZ"));

    assertThat(result.row())
        .containsExactlyEntriesOf(
            row().set("currency_id", 4).set("currency_code", "XYZ").set("currency_name", "XYZ"));
    assertThat(result.unknownCode()).isTrue();
  }

  @Test
  void namesCurrenciesInEnglishWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.FRANCE);
    try {
      assertThat(mapper.map(currency(3, "USD")).row()).containsEntry("currency_name", "US Dollar");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void rejectsANullCode() {
    assertThatThrownBy(() -> mapper.map(currency(2, null)))
        .isInstanceOf(RowRejectedException.class)
        .hasMessage("NULL in non-nullable column currency_code");
  }
}
