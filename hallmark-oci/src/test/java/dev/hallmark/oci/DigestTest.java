package dev.hallmark.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  @Test
  void parsesSha256AndSha512() {
    Digest d = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(d.algorithm()).isEqualTo(Digest.Algorithm.SHA256);
    assertThat(d).isEqualTo(Digest.sha256(new byte[0]));
    assertThat(Digest.parse("sha512:" + "a".repeat(128)).algorithm()).isEqualTo(Digest.Algorithm.SHA512);
  }

  @Test
  void rejectsMalformedDigests() {
    for (String bad : new String[] {"", "sha256", "sha256:", "sha256:abc", "md5:" + "a".repeat(32),
        "sha256:" + "A".repeat(64), "sha256:" + "g".repeat(64), "sha512:" + "a".repeat(64)}) {
      assertThatThrownBy(() -> Digest.parse(bad)).as(bad).isInstanceOf(OciFormatException.class);
    }
  }

  @Test
  void recomputesWithItsOwnAlgorithm() {
    byte[] c = "hello".getBytes(StandardCharsets.UTF_8);
    Digest d512 = Digest.parse("sha512:" + "0".repeat(128)).recompute(c);
    assertThat(d512.algorithm()).isEqualTo(Digest.Algorithm.SHA512);
    assertThat(d512.toString()).startsWith("sha512:9b71d224bd62f378");
  }
}
