package dev.hallmark.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings one store's tables up to date: the Flyway migrations in {@code db/hallmark/<store>} on the
 * store's class path, recorded in {@code flyway_<store>_history} (a history per store, so the stores
 * share a database without sharing a version line).
 */
public final class SchemaMigrations {
  private SchemaMigrations() {}

  /**
   * Migrates the store's schema. A database last migrated by the runner before Flyway, which recorded
   * its steps in {@code legacyTable}, is baselined at that runner's last step; that table is read
   * once and left in place, so that an older release still starts.
   *
   * @param loader the class loader that sees the store's {@code db/hallmark/<store>} scripts
   * @param legacyTable the runner's table, where the store had one
   * @throws SQLException when the legacy table cannot be read
   * @throws FlywayException when a migration fails
   */
  public static void migrate(DataSource ds, ClassLoader loader, String store, Optional<String> legacyTable)
      throws SQLException {
    String baseline = legacyTable.isPresent() ? versionBeforeFlyway(ds, legacyTable.get()) : "0";
    Flyway.configure(loader).dataSource(ds)
        .locations("classpath:db/hallmark/" + store).table("flyway_" + store + "_history")
        .baselineOnMigrate(true).baselineVersion(baseline)
        .load().migrate();
  }

  /** The last step the runner recorded in {@code table}, or 0 where it never ran (or other stores' tables are). */
  private static String versionBeforeFlyway(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      ResultSet found = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
          + " WHERE LOWER(table_name) = '" + table + "' AND table_schema = CURRENT_SCHEMA");
      if (found.next() && found.getLong(1) > 0) {
        ResultSet max = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + table);
        return max.next() ? Integer.toString(max.getInt(1)) : "0";
      }
      return "0";
    }
  }
}
