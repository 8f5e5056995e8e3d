package com.totaltotes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Database errors described for a log line without the row data PostgreSQL may put in them. */
class SqlErrorsTest {
  private static PSQLException server(String fields) {
    return new PSQLException(new ServerErrorMessage(fields.replace('|', '\0')));
  }

  @Test
  void aKeyDetailAndThePositionAreKeptTheFailingRowAndTheQuotedValueAreNot() {
    String described =
        SqlErrors.describe(
            server(
                "SERROR|C23503|Minsert or update violates foreign key constraint \"fk_staff\""
                    + "|DKey (staff_id)=(7) is not present in table \"dim_staff\".|"));
    assertThat(described)
        .isEqualTo(
            "insert or update violates foreign key constraint \"fk_staff\"; Key (staff_id)=(7) is"
                + " not present in table \"dim_staff\". (SQLState 23503)");

    String copy =
        SqlErrors.describe(
            server(
                "SERROR|C22P02|Minvalid input syntax for type numeric"
                    + "|DFailing row contains (7, alice@example.com, 12.50)."
                    + "|WCOPY stage_fact_payment, line 3, column payment_amount: \"12,50\"|"));
    assertThat(copy)
        .isEqualTo(
            "invalid input syntax for type numeric; at COPY stage_fact_payment, line 3, column"
                + " payment_amount (SQLState 22P02)")
        .doesNotContain("alice")
        .doesNotContain("12,50");
  }

  @Test
  void anErrorWithoutAServerMessageKeepsItsOwnMessageAndState() {
    assertThat(SqlErrors.describe(new SQLException("connection refused", "08001")))
        .isEqualTo("connection refused (SQLState 08001)");
    assertThat(SqlErrors.describe(new SQLException("no state")))
        .isEqualTo("no state (SQLState none)");
  }
}
