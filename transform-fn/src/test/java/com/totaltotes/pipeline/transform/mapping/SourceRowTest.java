package com.totaltotes.pipeline.transform.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.json.JsonCodec;
import com.totaltotes.pipeline.source.SourceTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link SourceRow} holds what Jackson's own map of the line holds for the table's needed columns
 * (same values, same types, missing columns absent), whatever the order of the line's fields.
 */
class SourceRowTest {
  private static final ObjectMapper MAPPER = new JsonCodec().mapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final String[] LINES = {
    // the extract's order, twice, then the same fields in another order
    "{\"payment_id\":1,\"created_at\":\"2024-01-01T10:00:00.123\",\"last_updated\":\"2024-01-02T11:00\","
        + "\"transaction_id\":5,\"counterparty_id\":6,\"payment_amount\":1234.50,\"currency_id\":1,"
        + "\"payment_type_id\":2,\"paid\":true,\"payment_date\":\"2024-01-03\","
        + "\"company_ac_number\":123,\"counterparty_ac_number\":456}",
    "{\"payment_id\":2,\"created_at\":\"2024-01-01T10:00:00.124\",\"last_updated\":\"2024-01-02T11:00\","
        + "\"transaction_id\":7,\"counterparty_id\":8,\"payment_amount\":-0.01,\"currency_id\":1,"
        + "\"payment_type_id\":2,\"paid\":false,\"payment_date\":null,"
        + "\"company_ac_number\":123,\"counterparty_ac_number\":456}",
    "{\"paid\":true,\"payment_id\":3,\"payment_date\":\"2024-01-03\",\"created_at\":\"x\","
        + "\"last_updated\":\"2024-01-02T11:00\",\"transaction_id\":5,\"counterparty_id\":6,"
        + "\"payment_amount\":1,\"currency_id\":1,\"payment_type_id\":2}",
    // a column missing, one unknown with a nested value, and a nested value in a needed column
    "{\"payment_id\":4,\"created_at\":\"2024-01-01T10:00:00\",\"extra\":{\"a\":[1,{\"b\":2}]},"
        + "\"transaction_id\":{\"x\":1},\"counterparty_id\":[6],\"payment_amount\":99999999999999999999.999,"
        + "\"currency_id\":3000000000,\"payment_type_id\":2.0,\"paid\":\"true\",\"payment_date\":\"2024-01-03\"}",
    // a field twice (the last one counts, as in a map), and an empty object
    "{\"payment_id\":5,\"payment_id\":6,\"paid\":null}",
    "{}",
    // back to the extract's order after the others
    "{\"payment_id\":7,\"created_at\":\"2024-01-01T10:00:00.123\",\"last_updated\":\"2024-01-02T11:00\","
        + "\"transaction_id\":5,\"counterparty_id\":6,\"payment_amount\":12,\"currency_id\":1,"
        + "\"payment_type_id\":2,\"paid\":true,\"payment_date\":\"2024-01-03\","
        + "\"company_ac_number\":123,\"counterparty_ac_number\":456}",
  };

  @Test
  void aRowBuiltFromAMapEqualsTheRowItsLineParsesTo() throws Exception {
    for (String line : LINES) {
      Map<String, Object> full = MAPPER.readValue(line, MAP);
      SourceRow built = SourceRow.of(SourceTable.PAYMENT, full);
      assertThat(built).isEqualTo(parseAll(line).get(0));
      assertThat(built.table()).isEqualTo(SourceTable.PAYMENT);
    }
  }

  @Test
  void holdsWhatJacksonsMapHoldsForTheNeededColumns() throws Exception {
    List<SourceRow> rows = parseAll(String.join("\n", LINES));
    assertThat(rows).hasSize(LINES.length);
    for (int i = 0; i < LINES.length; i++) {
      Map<String, Object> full = MAPPER.readValue(LINES[i], MAP);
      Map<String, Object> needed = new LinkedHashMap<>();
      for (String column : SourceTable.PAYMENT.neededColumns().keySet()) {
        if (full.containsKey(column)) {
          needed.put(column, full.get(column));
        }
      }
      SourceRow row = rows.get(i);
      assertThat(row).as(LINES[i]).isEqualTo(needed);
      for (String column : SourceTable.PAYMENT.neededColumns().keySet()) {
        Object value = row.valueAt(SourceRow.indexOf(SourceTable.PAYMENT, column));
        if (!full.containsKey(column)) {
          assertThat(value).as(column).isSameAs(SourceRow.MISSING);
        } else if (value != null
            && !(full.get(column) instanceof Map || full.get(column) instanceof List)) {
          assertThat(value).as(column).isInstanceOf(full.get(column).getClass());
        }
      }
    }
    assertThat(rows.get(0).get("payment_amount")).isEqualTo(new BigDecimal("1234.50"));
    assertThat(rows.get(0)).doesNotContainKey("company_ac_number");
    assertThat(rows.get(3))
        .doesNotContainKey("last_updated")
        .containsEntry("currency_id", 3000000000L);
    assertThat(rows.get(4)).containsEntry("payment_id", 6).containsEntry("paid", null);
    assertThat(rows.get(5)).isEmpty();
  }

  @Test
  void malformedJsonStillFailsInTheMiddleOfALearnedOrder() {
    String lines = LINES[0] + "\n" + LINES[1].replace("\"paid\":false", "\"paid\" false");
    assertThatThrownBy(() -> parseAll(lines)).isInstanceOf(JsonProcessingException.class);
  }

  private static List<SourceRow> parseAll(String lines) throws Exception {
    SourceRow.Parser rows = new SourceRow.Parser(SourceTable.PAYMENT);
    List<SourceRow> out = new ArrayList<>();
    try (JsonParser parser = MAPPER.createParser(lines)) {
      for (JsonToken token; (token = parser.nextToken()) != null; ) {
        assertThat(token).isEqualTo(JsonToken.START_OBJECT);
        out.add(rows.parse(parser));
      }
    }
    return out;
  }
}
