package dev.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileCodecTest {
  private static final Passphrase PASS = Passphrase.of("correct horse");
  private final KeyFileCodec codec = new KeyFileCodec();

  @Test
  void writesNotarysEncryptedPkcs8() throws Exception {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.TARGETS, new Gun("example.com/app"));
    String text = codec.encode(key, PASS);

    assertThat(text).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\ngun: example.com/app\nrole: targets\n\nMIHu");
    assertThat(text.lines().filter(l -> !l.startsWith("-") && !l.contains(":") && !l.isEmpty()))
        .allMatch(l -> l.length() <= 64);
    Pem block = Pem.decodeFirst(text);
    ASN1Sequence epki = ASN1Sequence.getInstance(block.content().unsafeArray());
    ASN1Sequence alg = (ASN1Sequence) epki.getObjectAt(0);
    assertThat(alg.getObjectAt(0)).isEqualTo(new ASN1ObjectIdentifier("1.2.840.113549.1.5.13"));
    ASN1Sequence pbes2 = (ASN1Sequence) alg.getObjectAt(1);
    ASN1Sequence kdf = (ASN1Sequence) pbes2.getObjectAt(0);
    assertThat(kdf.getObjectAt(0)).isEqualTo(new ASN1ObjectIdentifier("1.2.840.113549.1.5.12"));
    ASN1Sequence kdfParams = (ASN1Sequence) kdf.getObjectAt(1);
    assertThat(kdfParams.size()).as("salt and iterations only: no key length, no PRF").isEqualTo(2);
    assertThat(ASN1OctetString.getInstance(kdfParams.getObjectAt(0)).getOctets()).hasSize(8);
    assertThat(ASN1Integer.getInstance(kdfParams.getObjectAt(1)).intValueExact()).isEqualTo(2048);
    ASN1Sequence enc = (ASN1Sequence) pbes2.getObjectAt(1);
    assertThat(enc.getObjectAt(0)).isEqualTo(new ASN1ObjectIdentifier("2.16.840.1.101.3.4.1.42"));
    assertThat(ASN1OctetString.getInstance(enc.getObjectAt(1)).getOctets()).hasSize(16);

    PrivateKey back = codec.decode(text, PASS);
    assertThat(back.id()).isEqualTo(key.id());
    assertThat(back.role()).isEqualTo(KeyRole.TARGETS);
    assertThat(back.gun()).contains(new Gun("example.com/app"));
  }

  @Test
  void innerEcKeyIsVersionOneWithNamedCurve() throws Exception {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.ROOT);
    ASN1Sequence inner = ASN1Sequence.getInstance(KeyFileCodec.privateKeyInfo(key));
    assertThat(ASN1Integer.getInstance(inner.getObjectAt(0)).intValueExact()).isEqualTo(1);
    ASN1Sequence alg = (ASN1Sequence) inner.getObjectAt(1);
    assertThat(alg.getObjectAt(1)).isEqualTo(new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"));
    ASN1Sequence sec1 = ASN1Sequence.getInstance(ASN1OctetString.getInstance(inner.getObjectAt(2)).getOctets());
    assertThat(sec1.size()).as("version, key, [0] curve, [1] public key").isEqualTo(4);
    assertThat(ASN1OctetString.getInstance(sec1.getObjectAt(1)).getOctets()).hasSize(32);
  }

  @Test
  void rsaWithoutNullParameterAndEd25519UnderNotarysOid() throws Exception {
    PrivateKey rsa = rsaKey();
    ASN1Sequence inner = ASN1Sequence.getInstance(KeyFileCodec.privateKeyInfo(rsa));
    assertThat(ASN1Integer.getInstance(inner.getObjectAt(0)).intValueExact()).isZero();
    assertThat(((ASN1Sequence) inner.getObjectAt(1)).size()).isEqualTo(1);
    assertThat(codec.decode(codec.encode(rsa, PASS), PASS).id()).isEqualTo(rsa.id());

    PrivateKey ed = PrivateKey.generateEd25519(KeyRole.TIMESTAMP);
    inner = ASN1Sequence.getInstance(KeyFileCodec.privateKeyInfo(ed));
    assertThat(((ASN1Sequence) inner.getObjectAt(1)).getObjectAt(0))
        .isEqualTo(new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.15.1"));
    assertThat(ASN1OctetString.getInstance(inner.getObjectAt(2)).getOctets()).hasSize(96);
    PrivateKey back = codec.decode(codec.encode(ed, PASS), PASS);
    assertThat(back.type()).isEqualTo(KeyType.ED25519);
    assertThat(back.id()).isEqualTo(ed.id());
  }

  @Test
  void emptyPassphraseWritesUnencryptedPrivateKey() {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.of("alice"));
    String text = codec.encode(key, Passphrase.empty());
    assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\nrole: alice\n\n");
    assertThat(KeyFileCodec.isEncrypted(text)).isFalse();
    assertThat(codec.decode(text, Passphrase.empty()).id()).isEqualTo(key.id());
  }

  @Test
  void wrongPassphraseIsReportedAsSuch() {
    String text = codec.encode(PrivateKey.generateEcdsa(KeyRole.ROOT), PASS);
    for (String wrong : List.of("wrong passphrase", "x", "correct horsf")) {
      assertThatThrownBy(() -> codec.decode(text, Passphrase.of(wrong)))
          .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.kind()).isEqualTo(KeyException.Kind.WRONG_PASSPHRASE));
    }
    assertThatThrownBy(() -> codec.decode(text, Passphrase.empty()))
        .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.kind()).isEqualTo(KeyException.Kind.WRONG_PASSPHRASE));
  }

  @Test
  void unicodePassphrasesAreUtf8() {
    Passphrase p = Passphrase.of("pässwörd-密码");
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.ROOT);
    assertThat(codec.decode(codec.encode(key, p), Passphrase.of("pässwörd-密码")).id()).isEqualTo(key.id());
  }

  @Test
  void readsUnencryptedStandardPkcs8VersionZero() throws Exception {
    var gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    byte[] der = gen.generateKeyPair().getPrivate().getEncoded(); // JDK writes version 0
    assertThat(PrivateKeyInfo.getInstance(der).getVersion().intValueExact()).isZero();
    String text = new Pem("PRIVATE KEY", Map.of("role", "alice"), dev.hallmark.tuf.Bytes.wrap(der)).encode();
    PrivateKey key = codec.decode(text, Passphrase.empty());
    assertThat(key.role()).isEqualTo(KeyRole.of("alice"));
    new Verifier().verify(key.publicKey(), key.method(), new byte[] {1}, key.sign(new byte[] {1}).value());
  }

  // ---- variants written by OpenSSL ----

  @Test
  void readsOpensslVariants(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
    openssl(tmp, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem");
    openssl(tmp, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem");
    PrivateKey ec = codec.decode(Files.readString(tmp.resolve("ec.pem")), Passphrase.empty());
    PrivateKey rsa = codec.decode(Files.readString(tmp.resolve("rsa.pem")), Passphrase.empty());
    // OpenSSL 3 default PBES2: PRF hmacWithSHA256 (notary 0.7 itself cannot read this)
    openssl(tmp, "pkcs8", "-topk8", "-in", "ec.pem", "-out", "ec-sha256.pem", "-v2", "aes-256-cbc", "-passout", "pass:secret12");
    openssl(tmp, "pkcs8", "-topk8", "-in", "ec.pem", "-out", "ec-sha1.pem", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA1", "-passout", "pass:secret12");
    openssl(tmp, "pkcs8", "-topk8", "-in", "rsa.pem", "-out", "rsa-aes128.pem", "-v2", "aes-128-cbc", "-passout", "pass:secret12");
    // traditional blocks, plain and with DEK-Info
    openssl(tmp, "ec", "-in", "ec.pem", "-out", "ec-legacy.pem");
    openssl(tmp, "ec", "-in", "ec.pem", "-out", "ec-legacy-enc.pem", "-aes256", "-passout", "pass:secret12");
    openssl(tmp, "rsa", "-in", "rsa.pem", "-out", "rsa-legacy.pem", "-traditional");
    openssl(tmp, "rsa", "-in", "rsa.pem", "-out", "rsa-legacy-enc.pem", "-traditional", "-des3", "-passout", "pass:secret12");
    Passphrase secret = Passphrase.of("secret12");
    for (String f : List.of("ec-sha256.pem", "ec-sha1.pem", "ec-legacy.pem", "ec-legacy-enc.pem")) {
      String text = Files.readString(tmp.resolve(f));
      assertThat(codec.decode(text, secret).id()).as(f).isEqualTo(ec.id());
    }
    for (String f : List.of("rsa-aes128.pem", "rsa-legacy.pem", "rsa-legacy-enc.pem")) {
      assertThat(codec.decode(Files.readString(tmp.resolve(f)), secret).id()).as(f).isEqualTo(rsa.id());
    }
    assertThat(Files.readString(tmp.resolve("ec-legacy-enc.pem"))).contains("DEK-Info: AES-256-CBC");
    assertThatThrownBy(() -> codec.decode(Files.readString(tmp.resolve("ec-legacy-enc.pem")), Passphrase.of("nope")))
        .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.kind()).isEqualTo(KeyException.Kind.WRONG_PASSPHRASE));
    // and what we write, OpenSSL reads with the same passphrase
    Files.writeString(tmp.resolve("ours.pem"), codec.encode(ec, secret));
    openssl(tmp, "pkey", "-in", "ours.pem", "-passin", "pass:secret12", "-out", "ours-plain.pem");
    assertThat(codec.decode(Files.readString(tmp.resolve("ours-plain.pem")), Passphrase.empty()).id()).isEqualTo(ec.id());
  }

  private static void openssl(Path dir, String... args) throws Exception {
    var cmd = new java.util.ArrayList<String>();
    cmd.add("/usr/bin/openssl");
    cmd.addAll(List.of(args));
    var r = Tools.run(cmd, Map.of(), dir);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.output()).isZero();
  }

  static PrivateKey rsaKey() throws Exception {
    var gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    byte[] pkcs1 = PrivateKeyInfo.getInstance(gen.generateKeyPair().getPrivate().getEncoded())
        .parsePrivateKey().toASN1Primitive().getEncoded();
    return PrivateKey.fromPkcs1(pkcs1, KeyRole.of("targets/releases"), null);
  }

  @Test
  void parsesItsOwnDerStrictly() throws Exception {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.ROOT);
    byte[] inner = KeyFileCodec.privateKeyInfo(key);
    assertThat(ASN1Primitive.fromByteArray(inner).getEncoded("DER")).isEqualTo(inner);
  }
}
