package com.totaltotes.pipeline.load;

import com.totaltotes.pipeline.PipelineException;
import com.totaltotes.pipeline.credentials.ConnectionSource;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.classpath.ClassPathResource;

/**
 * Brings the warehouse schema up to date with the Flyway migrations in {@code db/migration} (plain
 * Flyway, no Quarkus: the Lambda and the local runner both call it before loading).
 *
 * <p>The migrations are listed in {@link #MIGRATIONS} rather than found by scanning the class path,
 * because class path scanning does not work in a GraalVM native executable; a test checks that the
 * list matches the directory. Add every new migration file to the list.
 */
public final class WarehouseMigrator {
  /** The migration scripts under {@code db/migration}, in version order. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V1__warehouse_schema.sql",
          "V2__load_ledger_set_aside.sql",
          "V3__source_deletions.sql",
          "V4__current_views_by_load_order.sql");

  static final String LOCATION = "db/migration";

  private final ConnectionSource warehouse;

  public WarehouseMigrator(ConnectionSource warehouse) {
    this.warehouse = warehouse;
  }

  /**
   * Applies every pending migration; returns how many were applied (0 when up to date).
   *
   * @throws com.totaltotes.pipeline.credentials.DatabaseUnavailableException when the warehouse
   *     cannot be reached or refuses the login
   * @throws PipelineException when a migration fails or the applied ones differ from ours
   *     (permanent), or the connection is lost while Flyway works (transient: SQLState class 08)
   */
  public int migrate() {
    Flyway flyway =
        Flyway.configure(WarehouseMigrator.class.getClassLoader())
            .dataSource(new SourceDataSource(warehouse))
            .locations("classpath:" + LOCATION)
            .resourceProvider(new ListedMigrations(WarehouseMigrator.class.getClassLoader()))
            .cleanDisabled(true)
            .load();
    try {
      MigrateResult result = flyway.migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      // Flyway wraps whatever getConnection threw; keep our classified failure as it is. A
      // database error is as permanent as its SQLState says: a connection lost while Flyway
      // checks the schema (a restart, a failover) is worth a retry, a broken migration is not.
      SQLException database = null;
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof PipelineException pipeline) {
          throw pipeline;
        }
        if (database == null && t instanceof SQLException sql) {
          database = sql;
        }
      }
      throw new PipelineException(
          "migrating warehouse " + warehouse.describe() + " failed: " + e.getMessage(),
          database == null || SqlFailure.isPermanent(database),
          e);
    }
  }

  /** Serves exactly the listed scripts from the class path, without scanning it. */
  private record ListedMigrations(ClassLoader loader) implements ResourceProvider {
    @Override
    public LoadableResource getResource(String name) {
      String path = name.startsWith(LOCATION + "/") ? name : LOCATION + "/" + name;
      return MIGRATIONS.contains(path.substring(LOCATION.length() + 1)) ? resource(path) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      return MIGRATIONS.stream()
          .filter(name -> name.startsWith(prefix))
          .filter(name -> List.of(suffixes).stream().anyMatch(name::endsWith))
          .map(name -> resource(LOCATION + "/" + name))
          .toList();
    }

    private LoadableResource resource(String path) {
      if (loader.getResource(path) == null) {
        throw PipelineException.permanentFailure(
            "migration " + path + " is listed but not on the class path");
      }
      return new ClassPathResource(
          new Location("classpath:" + LOCATION), path, loader, StandardCharsets.UTF_8);
    }
  }

  /** The few DataSource methods Flyway uses, over a {@link ConnectionSource}. */
  private record SourceDataSource(ConnectionSource source) implements DataSource {
    @Override
    public Connection getConnection() {
      return source.open();
    }

    @Override
    public Connection getConnection(String username, String password) {
      throw new UnsupportedOperationException("credentials come from the connection source");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
