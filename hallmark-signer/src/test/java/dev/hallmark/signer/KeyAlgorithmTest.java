package dev.hallmark.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyAlgorithmTest {
  @Test
  void parsesTheAlgorithmsNotarySignerCreates() {
    assertThat(KeyAlgorithm.fromWire("ecdsa")).isEqualTo(KeyAlgorithm.ECDSA);
    assertThat(KeyAlgorithm.fromWire("ed25519")).isEqualTo(KeyAlgorithm.ED25519);
  }

  @Test
  void refusesRsaAsNotarySignerDoes() {
    assertThatThrownBy(() -> KeyAlgorithm.fromWire("rsa"))
        .isInstanceOfSatisfying(SignerException.class,
            e -> assertThat(e.kind()).isEqualTo(SignerException.ErrorKind.UNSUPPORTED_ALGORITHM))
        .hasMessage("algorithm rsa not supported for create key");
  }
}
