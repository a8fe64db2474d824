package dev.hallmark.server.store;

import dev.hallmark.testkit.Postgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SchemaBeforeFlywayTest} against a real PostgreSQL (skipped when none is installed). */
class SchemaBeforeFlywayOnPostgresTest extends SchemaBeforeFlywayTest {
  @RegisterExtension
  static final Postgres.PerClass POSTGRES = new Postgres.PerClass();

  @Override
  DataSource newDatabase() {
    return POSTGRES.newDataSource();
  }

  @Override
  String oldBinaryType() {
    return "BYTEA";
  }
}
