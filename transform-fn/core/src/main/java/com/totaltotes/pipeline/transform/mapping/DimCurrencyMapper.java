package com.totaltotes.pipeline.transform.mapping;

import com.totaltotes.pipeline.warehouse.WarehouseRow;
import com.totaltotes.pipeline.warehouse.WarehouseTable;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * Maps a totesys {@code currency} row to a {@code dim_currency} row. currency_name is the English
 * display name of {@link Currency} ({@code GBP} → {@code British Pound}); a code that is not an ISO
 * 4217 code known to the JVM keeps the code itself as its name, and the result says so, so that the
 * caller can log a warning.
 */
public final class DimCurrencyMapper {

  /**
   * A mapped currency.
   *
   * @param row the {@code dim_currency} row
   * @param unknownCode true when currency_code is not a known ISO 4217 code (name = code)
   */
  public record Result(WarehouseRow row, boolean unknownCode) {
    public Result {
      Objects.requireNonNull(row, "row");
    }
  }

  /** The {@code dim_currency} row of that currency, and whether its code was unknown. */
  public Result map(SourceRow currency) {
    WarehouseRowBuilder builder =
        new WarehouseRowBuilder(WarehouseTable.DIM_CURRENCY, currency)
            .copy("currency_id")
            .copy("currency_code");
    String code = (String) currency.get("currency_code"); // checked: present, text, not NULL
    String name = englishName(code);
    WarehouseRow row = builder.set("currency_name", name == null ? code : name).build();
    return new Result(row, name == null);
  }

  private static String englishName(String code) {
    try {
      return Currency.getInstance(code).getDisplayName(Locale.ENGLISH);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }
}
