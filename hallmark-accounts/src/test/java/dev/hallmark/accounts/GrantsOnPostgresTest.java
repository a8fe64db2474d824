package dev.hallmark.accounts;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GrantsTest} against a real PostgreSQL (skipped when none is installed). */
class GrantsOnPostgresTest extends GrantsTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  DataSource newDatabase() {
    return POSTGRES.newDataSource();
  }
}
