package dev.hallmark.server.store;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link MetadataStore} contract against a real PostgreSQL (skipped when none is installed). */
class JdbcMetadataStoreOnPostgresTest extends JdbcMetadataStoreTest {
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
  DataSource newDatabase() {
    return Postgres.dataSource(postgres.newDatabase());
  }
}
