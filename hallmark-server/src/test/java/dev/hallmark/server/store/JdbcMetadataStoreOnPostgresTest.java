package dev.hallmark.server.store;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link MetadataStore} contract against a real PostgreSQL (skipped when none is installed). */
class JdbcMetadataStoreOnPostgresTest extends JdbcMetadataStoreTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  DataSource newDatabase() {
    return POSTGRES.newDataSource();
  }
}
