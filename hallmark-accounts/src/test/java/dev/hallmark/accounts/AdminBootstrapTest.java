package dev.hallmark.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.hallmark.auth.Password;
import dev.hallmark.auth.PasswordHasher;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class AdminBootstrapTest {
  private AccountStore store() {
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:boot-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    var s = new AccountStore(ds, Clock.systemUTC());
    s.migrate();
    return s;
  }

  @Test
  void generatesAPasswordOnceAndStoresOnlyItsHash() {
    AccountStore s = store();
    var hasher = new PasswordHasher(new SecureRandom());
    Optional<Password> pw = AdminBootstrap.ensureAdmin(s, hasher, Optional.empty());
    assertThat(pw).isPresent();
    String hash = s.passwordHash("admin").orElseThrow();
    assertThat(hash).startsWith("$pbkdf2-sha256$").doesNotContain(new String(pw.get().chars()));
    assertThat(s.get("admin").isAdmin()).isTrue();
    assertThat(AdminBootstrap.ensureAdmin(s, hasher, Optional.empty())).isEmpty();
    assertThatCode(() -> new Authenticator(s, hasher, Clock.systemUTC()).login("admin", pw.get())).doesNotThrowAnyException();
  }

  @Test
  void takesTheGivenPassword() {
    AccountStore s = store();
    var hasher = new PasswordHasher(new SecureRandom());
    assertThat(AdminBootstrap.ensureAdmin(s, hasher, Optional.of(Password.of("given-pw-1")))).isEmpty();
    assertThatCode(() -> new Authenticator(s, hasher, Clock.systemUTC()).login("admin", Password.of("given-pw-1")))
        .doesNotThrowAnyException();
  }
}
