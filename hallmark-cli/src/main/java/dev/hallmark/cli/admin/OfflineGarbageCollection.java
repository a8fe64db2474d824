package dev.hallmark.cli.admin;

import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.blob.FileBlobStore;
import dev.hallmark.registry.content.GarbageCollection;
import dev.hallmark.registry.store.JdbcRegistryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Garbage collection on the data directory of a stopped server. Safe only because nothing else can
 * use the data: H2 locks its database file while a server has it open, so opening it here fails then
 * (the server's grace period still applies, for uploads a crashed server left behind).
 */
final class OfflineGarbageCollection {
  /** H2's "database may be already in use" (the file lock is held). */
  private static final int DATABASE_ALREADY_OPEN = 90020;

  private OfflineGarbageCollection() {}

  static GarbageCollection.Report run(Path dataDir, boolean deleteUntagged, boolean dryRun) throws IOException {
    Path db = dataDir.resolve("db").resolve("hallmark");
    if (!Files.exists(db.resolveSibling("hallmark.mv.db"))) {
      throw new IllegalArgumentException("no H2 database in " + dataDir.resolve("db")
          + " (a server on PostgreSQL or another data directory: use the admin API)");
    }
    var ds = new JdbcDataSource();
    // IFEXISTS: never create a database; the default FILE_LOCK refuses a database a server holds
    ds.setURL("jdbc:h2:file:" + db.toAbsolutePath() + ";IFEXISTS=TRUE;LOCK_TIMEOUT=15000;WRITE_DELAY=0");
    try (Connection hold = ds.getConnection()) {
      var store = new JdbcRegistryStore(ds, Clock.systemUTC());
      var gc = new GarbageCollection(store, new FileBlobStore(dataDir), Clock.systemUTC(),
          RegistryConfig.defaults().gcGracePeriod());
      return gc.run(deleteUntagged, dryRun);
    } catch (SQLException e) {
      if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
        throw new IllegalStateException("the database in " + dataDir + " is in use (is a server running on it?): "
            + "stop the server, or run gc through its admin API", e);
      }
      throw new IOException("cannot open the database in " + dataDir + ": " + e.getMessage(), e);
    }
  }
}
