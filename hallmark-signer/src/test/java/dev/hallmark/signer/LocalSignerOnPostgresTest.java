package dev.hallmark.signer;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LocalSignerTest} against a real PostgreSQL (skipped when none is installed). */
class LocalSignerOnPostgresTest extends LocalSignerTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  DataSource newDatabase() {
    return POSTGRES.newDataSource();
  }
}
