package dev.hallmark.accounts;

import dev.hallmark.testkit.Postgres;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CertificateStoreTest} against a real PostgreSQL (skipped when none is installed). */
class CertificateStoreOnPostgresTest extends CertificateStoreTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  AccountStore migratedStore(Clock clock) {
    var store = new AccountStore(POSTGRES.newDataSource(), clock);
    store.migrate();
    return store;
  }
}
