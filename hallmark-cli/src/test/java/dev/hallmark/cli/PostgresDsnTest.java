package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.testkit.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notary-server's lib/pq connection strings as pgjdbc URLs, checked by what pgjdbc itself reads from
 * the URL ({@link org.postgresql.Driver#parseURL}) and, at the end, by connecting to a real server.
 */
class PostgresDsnTest {
  @TempDir Path dir;

  private static Properties pgjdbcReads(String dsn) {
    Properties p = org.postgresql.Driver.parseURL(PostgresDsn.toJdbc(dsn), new Properties());
    assertThat(p).as("pgjdbc parses %s", PostgresDsn.toJdbc(dsn)).isNotNull();
    return p;
  }

  @Test
  void notarysFixtureKeepsItsCertificates() {
    // the shape of notary's fixtures/server-config.postgres.json
    Properties p = pgjdbcReads("postgres://server@postgresql:5432/notaryserver?sslmode=verify-ca"
        + "&sslrootcert=/etc/notary/database/ca.pem&sslcert=/etc/notary/database/notary-server.pem"
        + "&sslkey=/etc/notary/database/notary-server-key.pem");
    assertThat(p.getProperty("PGHOST")).isEqualTo("postgresql");
    assertThat(p.getProperty("PGPORT")).isEqualTo("5432");
    assertThat(p.getProperty("PGDBNAME")).isEqualTo("notaryserver");
    assertThat(p.getProperty("user")).isEqualTo("server");
    assertThat(p.getProperty("sslmode")).isEqualTo("verify-ca");
    assertThat(p.getProperty("sslrootcert")).isEqualTo("/etc/notary/database/ca.pem");
    assertThat(p.getProperty("sslcert")).isEqualTo("/etc/notary/database/notary-server.pem");
    assertThat(p.getProperty("sslkey")).isEqualTo("/etc/notary/database/notary-server-key.pem");
  }

  @Test
  void escapedCharactersArriveAsTheyWereMeant() {
    // user info is path-escaped (+ is a plus), query values are query-escaped (+ is a space), as in Go
    Properties p = pgjdbcReads("postgresql://no%40ry:p%40ss+w%2Fd%26x%3D1@db.example:6543/my%20db"
        + "?sslmode=disable&application_name=notary+server");
    assertThat(p.getProperty("user")).isEqualTo("no@ry");
    assertThat(p.getProperty("password")).isEqualTo("p@ss+w/d&x=1");
    assertThat(p.getProperty("PGDBNAME")).isEqualTo("my db");
    assertThat(p.getProperty("ApplicationName")).isEqualTo("notary server");
    assertThat(p.getProperty("sslmode")).isEqualTo("disable");
  }

  @Test
  void keyValueFormWithQuotesAndEscapes() {
    Properties p = pgjdbcReads("host=db.example port=5433 dbname='notary server' user=notary "
        + "password='it\\'s a \\\\ secret' sslmode=verify-full connect_timeout=7 fallback_application_name=notary");
    assertThat(p.getProperty("PGHOST")).isEqualTo("db.example");
    assertThat(p.getProperty("PGPORT")).isEqualTo("5433");
    assertThat(p.getProperty("PGDBNAME")).isEqualTo("notary server");
    assertThat(p.getProperty("password")).isEqualTo("it's a \\ secret");
    assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(p.getProperty("connectTimeout")).isEqualTo("7");
    assertThat(p.getProperty("ApplicationName")).isEqualTo("notary");
  }

  @Test
  void tlsIsRequiredWhenSslmodeIsAbsentAsLibPqDoes() throws Exception {
    assertThat(pgjdbcReads("postgres://u@h/db").getProperty("sslmode")).isEqualTo("require");
    assertThat(pgjdbcReads("host=h dbname=db").getProperty("sslmode")).isEqualTo("require");
    // require with a root certificate that exists verifies against it; one that does not is ignored
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Properties withCa = pgjdbcReads("postgres://u@h/db?sslrootcert=" + ca);
    assertThat(withCa.getProperty("sslmode")).isEqualTo("verify-ca");
    assertThat(withCa.getProperty("sslrootcert")).isEqualTo(ca.toString());
    Properties missingCa = pgjdbcReads("postgres://u@h/db?sslmode=require&sslrootcert=" + dir.resolve("none.pem"));
    assertThat(missingCa.getProperty("sslmode")).isEqualTo("require");
    assertThat(missingCa.getProperty("sslrootcert")).isNull();
  }

  @Test
  void ipv6HostsAndDefaults() {
    Properties p = pgjdbcReads("postgres://u@[::1]:5432/db?sslmode=disable");
    assertThat(p.getProperty("PGHOST")).isEqualTo("[::1]");
    Properties d = pgjdbcReads("postgres:///db?sslmode=disable");
    assertThat(d.getProperty("PGHOST")).isEqualTo("localhost");
  }

  @Test
  void otherParametersBecomeRunTimeParameters() {
    Properties p = pgjdbcReads("postgres://u@h/db?sslmode=disable&search_path=notary&statement_timeout=5000");
    assertThat(p.getProperty("options")).isEqualTo("-c search_path=notary -c statement_timeout=5000");
  }

  @Test
  void refusesWhatItCannotHonourNamingTheParameterNotTheSecret() {
    assertThatThrownBy(() -> PostgresDsn.toJdbc("postgres://u:hunter2@h/db?sslmode=prefer"))
        .hasMessageContaining("unsupported sslmode \"prefer\"").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresDsn.toJdbc("postgres://u:hunter2@h/db?krbsrvname=postgres"))
        .hasMessageStartingWith("krbsrvname:").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresDsn.toJdbc("host=/var/run/postgresql dbname=db"))
        .hasMessageContaining("Unix socket");
    assertThatThrownBy(() -> PostgresDsn.toJdbc("host=h password='unterminated"))
        .hasMessageContaining("unterminated quoted string").hasMessageNotContaining("unterminated'");
    assertThatThrownBy(() -> PostgresDsn.toJdbc("host=h dbname"))
        .hasMessageContaining("missing \"=\" after \"dbname\"");
    assertThatThrownBy(() -> PostgresDsn.toJdbc("postgres://u:hunter2@h/db?connect_timeout=soon"))
        .hasMessageContaining("connect_timeout").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresDsn.toJdbc("postgres://u@h/db?sslmode=disable&bad%20name=1"))
        .hasMessageContaining("not a valid parameter name");
  }

  @Test
  void jdbcUrlsPassThrough() {
    assertThat(PostgresDsn.toJdbc("jdbc:postgresql://h/db?user=u")).isEqualTo("jdbc:postgresql://h/db?user=u");
  }

  @Test
  void connectsToARealServerAsLibPqWould() throws Exception {
    try (Postgres pg = Postgres.startOrSkip()) {
      String base = "postgres://hallmark@127.0.0.1:" + pg.port() + "/postgres";
      // the test server has no TLS: lib/pq's default (require) must refuse it, not fall back to plain text
      assertThatThrownBy(() -> DriverManager.getConnection(PostgresDsn.toJdbc(base)).close())
          .isInstanceOf(SQLException.class).hasMessageContaining("SSL");
      try (Connection c = DriverManager.getConnection(PostgresDsn.toJdbc(
          base + "?sslmode=disable&application_name=notary-migrated&search_path=notary,public"))) {
        assertThat(show(c, "application_name")).isEqualTo("notary-migrated");
        assertThat(show(c, "search_path")).isEqualTo("notary,public");
      }
    }
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
