package dev.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.SignatureMethod;
import dev.hallmark.tuf.Verifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;

class PrivateKeyTest {
  private static final byte[] MESSAGE = "{\"signed\":{}}".getBytes(StandardCharsets.UTF_8);
  private final Verifier verifier = new Verifier();

  @Test
  void ecdsaSignsRawRsWithSha256() {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.TARGETS, new Gun("example.com/app"));
    var sig = key.sign(MESSAGE);
    assertThat(sig.method()).isEqualTo(SignatureMethod.ECDSA);
    assertThat(sig.value().length()).isEqualTo(64);
    assertThat(sig.keyId()).isEqualTo(key.id()).isEqualTo(key.publicKey().id());
    verifier.verify(key.publicKey(), sig.method(), MESSAGE, sig.value());
    assertThat(key.publicKey().type()).isEqualTo(KeyType.ECDSA);
  }

  @Test
  void rsaSignsPssWithSalt32() throws Exception {
    var gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    byte[] pkcs1 = PrivateKeyInfo.getInstance(gen.generateKeyPair().getPrivate().getEncoded())
        .parsePrivateKey().toASN1Primitive().getEncoded();
    PrivateKey key = PrivateKey.fromPkcs1(pkcs1, KeyRole.of("targets/releases"), null);
    var sig = key.sign(MESSAGE);
    assertThat(sig.method()).isEqualTo(SignatureMethod.RSAPSS);
    verifier.verify(key.publicKey(), SignatureMethod.RSAPSS, MESSAGE, sig.value());
  }

  @Test
  void ed25519SignsEddsa() {
    PrivateKey key = PrivateKey.generateEd25519(KeyRole.TIMESTAMP);
    var sig = key.sign(MESSAGE);
    assertThat(sig.method()).isEqualTo(SignatureMethod.EDDSA);
    assertThat(key.publicKey().publicBytes().length()).isEqualTo(32);
    verifier.verify(key.publicKey(), SignatureMethod.EDDSA, MESSAGE, sig.value());
  }

  @Test
  void signsForTheCertificateKeyThatListsIt() {
    PrivateKey root = PrivateKey.generateEcdsa(KeyRole.ROOT);
    var cert = RootCertificate.issue(root, new Gun("example.com/app"), Clock.systemUTC());
    var sig = root.sign(MESSAGE, cert);
    assertThat(sig.keyId()).isEqualTo(cert.id()).isNotEqualTo(root.id());
    verifier.verify(cert, sig.method(), MESSAGE, sig.value());
    PrivateKey other = PrivateKey.generateEcdsa(KeyRole.ROOT);
    assertThatThrownBy(() -> other.sign(MESSAGE, cert)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gunIsKeptOnlyForRolesThatCarryOne() {
    Gun gun = new Gun("example.com/app");
    assertThat(PrivateKey.generateEcdsa(KeyRole.SNAPSHOT, gun).gun()).contains(gun);
    assertThat(PrivateKey.generateEcdsa(KeyRole.ROOT, gun).gun()).isEmpty();
    assertThat(PrivateKey.generateEcdsa(KeyRole.of("targets/releases"), gun).gun()).isEmpty();
    assertThat(PrivateKey.generateEcdsa(KeyRole.of("alice"), gun).gun()).isEmpty();
  }

  @Test
  void toStringRevealsNoMaterial() {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.ROOT);
    assertThat(key.toString()).contains(key.id().value()).doesNotContain(
        java.util.HexFormat.of().formatHex(key.material()).substring(20, 40));
    assertThat(Passphrase.of("hunter22").toString()).doesNotContain("hunter22");
  }
}
