package dev.hallmark.server.store;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SchemaBeforeFlywayTest} against a real PostgreSQL (skipped when none is installed). */
class SchemaBeforeFlywayOnPostgresTest extends SchemaBeforeFlywayTest {
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

  @Override
  String oldBinaryType() {
    return "BYTEA";
  }
}
