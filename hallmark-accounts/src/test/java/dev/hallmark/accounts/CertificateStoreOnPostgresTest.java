package dev.hallmark.accounts;

import dev.hallmark.testkit.Postgres;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link CertificateStoreTest} against a real PostgreSQL (skipped when none is installed). */
class CertificateStoreOnPostgresTest extends CertificateStoreTest {
  private static Postgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.startOrSkip();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  AccountStore migratedStore(Clock clock) {
    var store = new AccountStore(Postgres.dataSource(postgres.newDatabase()), clock);
    store.migrate();
    return store;
  }
}
