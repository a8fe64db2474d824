package dev.hallmark.registry.store;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry store's contract against a real PostgreSQL (skipped when none is installed). */
class JdbcRegistryStoreOnPostgresTest extends JdbcRegistryStoreTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  DataSource newDatabase() {
    return POSTGRES.newDataSource();
  }
}
