package dev.hallmark.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher fast = new PasswordHasher(1_000, new SecureRandom());

  @Test
  void defaultCostIsAtLeastOwaspMinimum() {
    String h = new PasswordHasher(new SecureRandom()).hash(Password.of("s3cret"));
    assertThat(h).startsWith("$pbkdf2-sha256$600000$");
  }

  @Test
  void verifiesTheRightPasswordAndRejectsOthers() {
    String h = fast.hash(Password.of("correct horse"));
    assertThatCode(() -> fast.verify(Password.of("correct horse"), h)).doesNotThrowAnyException();
    assertThatThrownBy(() -> fast.verify(Password.of("correct horsf"), h)).isInstanceOf(AuthException.class)
        .extracting(e -> ((AuthException) e).failure()).isEqualTo(AuthException.Failure.BAD_CREDENTIALS);
  }

  @Test
  void saltsEachHash() {
    assertThat(fast.hash(Password.of("x"))).isNotEqualTo(fast.hash(Password.of("x")));
  }

  @Test
  void readsTheCostFromTheHash() {
    String h = new PasswordHasher(2_000, new SecureRandom()).hash(Password.of("pw"));
    assertThatCode(() -> fast.verify(Password.of("pw"), h)).doesNotThrowAnyException();
  }

  @Test
  void rejectsUnreadableHashes() {
    for (String bad : new String[] {"", "plain", "$pbkdf2-sha256$0$AA$AA", "$pbkdf2-sha256$x$AA$AA", "$md5$1$2"}) {
      assertThatThrownBy(() -> fast.verify(Password.of("pw"), bad)).isInstanceOf(AuthException.class);
    }
  }

  @Test
  void unknownUsersFailToo() {
    assertThat(fast.unknownUser(Password.of("pw")).failure()).isEqualTo(AuthException.Failure.BAD_CREDENTIALS);
  }

  @Test
  void passwordsDoNotPrintThemselves() {
    assertThat(Password.of("hunter2").toString()).doesNotContain("hunter2");
  }
}
