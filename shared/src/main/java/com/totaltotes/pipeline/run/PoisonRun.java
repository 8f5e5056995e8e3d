package com.totaltotes.pipeline.run;

import com.totaltotes.pipeline.json.MalformedObjectException;
import com.totaltotes.pipeline.storage.ObjectNotFoundException;
import java.sql.SQLException;

/**
 * Which failures belong to one run's data, so that the run is set aside and later runs go on: a
 * missing, truncated, corrupt or changed object (or manifest) of the run, and a database data or
 * integrity error (SQLState classes 22 and 23, e.g. a foreign-key violation). Any other failure,
 * permanent or not (a refused login, a missing bucket or table, a timeout), would fail every run
 * alike: it stops the invocation instead, and the same run is tried again once the cause is fixed.
 */
public final class PoisonRun {
  private PoisonRun() {}

  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MalformedObjectException || t instanceof ObjectNotFoundException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
