package com.totaltotes.pipeline.transform.mapping;

/**
 * A source row that cannot become a warehouse row: a text date that is not a calendar date, a value
 * out of range for its column, a NULL where the warehouse needs a value, a missing column or a
 * missing referenced row. The caller turns it into a reject (table, id, {@link #reason()}, raw row)
 * and carries on with the run; a mapper never returns a partial row instead.
 *
 * <p>The reason names the column and the offending value, e.g. {@code agreed_delivery_date
 * '2023-02-30' is not a calendar date}, and never the whole row.
 */
public class RowRejectedException extends RuntimeException {

  public RowRejectedException(String reason) {
    super(reason);
  }

  public RowRejectedException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** Why the row was rejected, readable by a person. */
  public String reason() {
    return getMessage();
  }
}
