package dev.hallmark.policy.store;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcPolicyStoreTest} against a real PostgreSQL (skipped when none is installed). */
class JdbcPolicyStoreOnPostgresTest extends JdbcPolicyStoreTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  DataSource newDatabase() {
    return POSTGRES.newDataSource();
  }
}
