package dev.hallmark.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PassphraseAliasesTest {
  @Test
  void toStringNamesAliasesButNotPassphrases() {
    var aliases = PassphraseAliases.of("alias2",
        Map.of("alias1", "s3cret-one".toCharArray(), "alias2", "s3cret-two".toCharArray()));
    assertThat(aliases.toString()).contains("alias1", "alias2").doesNotContain("s3cret");
  }

  @Test
  void requiresAPassphraseForTheDefaultAlias() {
    assertThatThrownBy(() -> PassphraseAliases.of("missing", Map.of("alias1", "x".toCharArray())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must provide a default alias");
  }

  @Test
  void refusesEmptyPassphrasesAndAliasesThatCannotBeStored() {
    assertThatThrownBy(() -> PassphraseAliases.of("a", new char[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PassphraseAliases.of("has space", "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PassphraseAliases.of("a".repeat(51), "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsItsOwnCopyOfThePassphrases() {
    char[] secret = "secret".toCharArray();
    var aliases = PassphraseAliases.of("alias1", secret);
    java.util.Arrays.fill(secret, '\0');
    assertThat(aliases.passphrase("alias1")).containsExactly("secret".toCharArray());
  }

  @Test
  void anUnknownAliasHasNoPassphrase() {
    var aliases = PassphraseAliases.of("alias1", "secret".toCharArray());
    assertThatThrownBy(() -> aliases.passphrase("other"))
        .isInstanceOfSatisfying(SignerException.class,
            e -> assertThat(e.kind()).isEqualTo(SignerException.ErrorKind.BAD_PASSPHRASE));
  }
}
