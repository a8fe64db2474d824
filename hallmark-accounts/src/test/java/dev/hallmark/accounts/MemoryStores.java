package dev.hallmark.accounts;

import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;

/** Account stores on a fresh in-memory H2 database each, schema applied. */
public final class MemoryStores {
  private MemoryStores() {}

  /** A new migrated store. */
  public static AccountStore migrated(Clock clock) {
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:accounts-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    var store = new AccountStore(ds, clock);
    store.migrate();
    return store;
  }
}
