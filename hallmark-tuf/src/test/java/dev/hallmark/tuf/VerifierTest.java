package dev.hallmark.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Signature checks with keys of every type, signed the way notary signs (reference 3.3). */
class VerifierTest {
  private static final byte[] MESSAGE =
      "{\"_type\":\"Targets\",\"targets\":{\"v1<&>\":{}},\"version\":1}".getBytes(StandardCharsets.UTF_8);

  private static final KeyPair P256 = TestKeys.ec("secp256r1");
  private static final KeyPair P384 = TestKeys.ec("secp384r1");
  private static final KeyPair P521 = TestKeys.ec("secp521r1");
  private static final KeyPair RSA2048 = TestKeys.rsa(2048);
  private static final KeyPair RSA1024 = TestKeys.rsa(1024);
  private static final KeyPair ED25519 = TestKeys.ed25519();

  private final Verifier verifier = new Verifier();

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("ecdsa P-256", TestKeys.ecdsa(P256)),
        Arguments.of("ecdsa P-384 (SHA-256)", TestKeys.ecdsa(P384)),
        Arguments.of("ecdsa P-521 (SHA-256)", TestKeys.ecdsa(P521)),
        Arguments.of("ecdsa-x509 P-256", TestKeys.ecdsaX509(P256)),
        Arguments.of("ecdsa-x509 P-384", TestKeys.ecdsaX509(P384)),
        Arguments.of("rsa rsapss", TestKeys.rsa(RSA2048, SignatureMethod.RSAPSS)),
        Arguments.of("rsa rsapkcs1v15", TestKeys.rsa(RSA2048, SignatureMethod.RSA_PKCS1V15)),
        Arguments.of("rsa-x509 rsapss", TestKeys.rsaX509(RSA2048, SignatureMethod.RSAPSS)),
        Arguments.of("rsa-x509 rsapkcs1v15", TestKeys.rsaX509(RSA2048, SignatureMethod.RSA_PKCS1V15)),
        Arguments.of("rsa pycrypto pss (PEM public key)", pycrypto(RSA2048)),
        Arguments.of("ed25519", TestKeys.ed25519(ED25519)));
  }

  private static TestKeys.Pair pycrypto(KeyPair kp) {
    String pem = new Pem("PUBLIC KEY", Map.of(), Bytes.wrap(kp.getPublic().getEncoded())).encode();
    return new TestKeys.Pair(new PublicKey(KeyType.RSA, Bytes.wrap(pem.getBytes(StandardCharsets.US_ASCII))),
        kp.getPrivate(), SignatureMethod.PYCRYPTO_PSS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void acceptsSignaturesMadeAsNotaryMakesThem(String name, TestKeys.Pair p) {
    Bytes sig = p.sign(MESSAGE);
    assertThat(verifier.isValid(p.key(), p.method(), MESSAGE, sig)).isTrue();
    verifier.verify(p.key(), p.method(), MESSAGE, sig);
    // again, from the parsed-key cache
    assertThat(verifier.isValid(p.key(), p.method(), MESSAGE, sig)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void rejectsAnotherMessageOrAFlippedBit(String name, TestKeys.Pair p) {
    Bytes sig = p.sign(MESSAGE);
    byte[] other = MESSAGE.clone();
    other[other.length - 2] ^= 1;
    assertThat(verifier.isValid(p.key(), p.method(), other, sig)).isFalse();
    byte[] flipped = sig.toArray();
    flipped[flipped.length / 3] ^= 0x10;
    assertThat(verifier.isValid(p.key(), p.method(), MESSAGE, Bytes.wrap(flipped))).isFalse();
    assertThatThrownBy(() -> verifier.verify(p.key(), p.method(), other, sig))
        .isInstanceOf(TufException.class)
        .extracting(e -> ((TufException) e).kind()).isEqualTo(TufException.Kind.THRESHOLD);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void rejectsMethodsThatDoNotFitTheKeyType(String name, TestKeys.Pair p) {
    Bytes sig = p.sign(MESSAGE);
    Set<SignatureMethod> fitting = switch (p.key().type()) {
      case ECDSA, ECDSA_X509 -> EnumSet.of(SignatureMethod.ECDSA);
      case ED25519 -> EnumSet.of(SignatureMethod.EDDSA);
      // PSS and pycrypto PSS are the same scheme; which one fits depends on the public encoding
      case RSA, RSA_X509 -> EnumSet.of(p.method(),
          p.method() == SignatureMethod.RSA_PKCS1V15 ? p.method() : SignatureMethod.RSAPSS);
    };
    for (SignatureMethod m : SignatureMethod.values()) {
      if (!fitting.contains(m) && m != p.method()) {
        assertThat(verifier.isValid(p.key(), m, MESSAGE, sig)).as(m.wireName()).isFalse();
      }
    }
  }

  @Test
  void keyTypeMustMatchTheKeyInside() {
    // an rsa key declared as ecdsa, an ecdsa certificate declared as rsa-x509, and so on
    Bytes ecSig = TestKeys.ecdsa(P256).sign(MESSAGE);
    TestKeys.Pair ecCert = TestKeys.ecdsaX509(P256);
    assertThat(verifier.isValid(new PublicKey(KeyType.RSA_X509, ecCert.key().publicBytes()), SignatureMethod.ECDSA,
        MESSAGE, ecSig)).isFalse();
    assertThat(verifier.isValid(new PublicKey(KeyType.ED25519, TestKeys.ecdsa(P256).key().publicBytes()),
        SignatureMethod.ECDSA, MESSAGE, ecSig)).isFalse();
    Bytes rsaSig = TestKeys.rsa(RSA2048, SignatureMethod.RSAPSS).sign(MESSAGE);
    assertThat(verifier.isValid(new PublicKey(KeyType.ECDSA, Bytes.wrap(RSA2048.getPublic().getEncoded())),
        SignatureMethod.ECDSA, MESSAGE, rsaSig)).isFalse();
    assertThat(verifier.isValid(new PublicKey(KeyType.ECDSA_X509, TestKeys.rsaX509(RSA2048, SignatureMethod.RSAPSS)
        .key().publicBytes()), SignatureMethod.RSAPSS, MESSAGE, rsaSig)).isFalse();
    // pycrypto needs a PEM public key; the plain DER form only works with rsapss, and the reverse
    assertThat(verifier.isValid(TestKeys.rsa(RSA2048, SignatureMethod.RSAPSS).key(), SignatureMethod.PYCRYPTO_PSS,
        MESSAGE, rsaSig)).isFalse();
    assertThat(verifier.isValid(pycrypto(RSA2048).key(), SignatureMethod.RSAPSS, MESSAGE, rsaSig)).isFalse();
  }

  @Test
  void ecdsaSignaturesMustBeRawAndFullLength() throws Exception {
    TestKeys.Pair p = TestKeys.ecdsa(P256);
    // find a signature whose r has a leading zero byte (about 1 in 256): notary left-pads it
    Bytes padded = null;
    for (int i = 0; i < 4000 && padded == null; i++) {
      Bytes s = p.sign(MESSAGE);
      if (s.unsafeArray()[0] == 0) {
        padded = s;
      }
    }
    assertThat(padded).as("no signature with a short r in 4000 tries").isNotNull();
    assertThat(padded.length()).isEqualTo(64);
    assertThat(verifier.isValid(p.key(), SignatureMethod.ECDSA, MESSAGE, padded)).isTrue();
    byte[] trimmed = Arrays.copyOfRange(padded.unsafeArray(), 1, 64);
    assertThat(verifier.isValid(p.key(), SignatureMethod.ECDSA, MESSAGE, Bytes.wrap(trimmed))).isFalse();

    Bytes sig = p.sign(MESSAGE);
    byte[] longer = Arrays.copyOf(sig.unsafeArray(), 65);
    assertThat(verifier.isValid(p.key(), SignatureMethod.ECDSA, MESSAGE, Bytes.wrap(longer))).isFalse();
    assertThat(verifier.isValid(p.key(), SignatureMethod.ECDSA, MESSAGE, Bytes.of(new byte[0]))).isFalse();
    assertThat(verifier.isValid(p.key(), SignatureMethod.ECDSA, MESSAGE, Bytes.of(new byte[64]))).isFalse();
    // DER, as the JDK's plain SHA256withECDSA writes it
    var der = java.security.Signature.getInstance("SHA256withECDSA");
    der.initSign(P256.getPrivate());
    der.update(MESSAGE);
    assertThat(verifier.isValid(p.key(), SignatureMethod.ECDSA, MESSAGE, Bytes.wrap(der.sign()))).isFalse();
    // a P-384 key needs 96 bytes
    TestKeys.Pair p384 = TestKeys.ecdsa(P384);
    Bytes s384 = p384.sign(MESSAGE);
    assertThat(s384.length()).isEqualTo(96);
    assertThat(verifier.isValid(p384.key(), SignatureMethod.ECDSA, MESSAGE,
        Bytes.wrap(Arrays.copyOfRange(s384.unsafeArray(), 0, 64)))).isFalse();
  }

  @Test
  void rejectsRsaKeysBelow2048Bits() {
    for (SignatureMethod m : List.of(SignatureMethod.RSAPSS, SignatureMethod.RSA_PKCS1V15)) {
      TestKeys.Pair small = TestKeys.rsa(RSA1024, m);
      Bytes sig = small.sign(MESSAGE);
      assertThat(verifier.isValid(small.key(), m, MESSAGE, sig)).as(m.wireName()).isFalse();
      TestKeys.Pair smallCert = TestKeys.rsaX509(RSA1024, m);
      assertThat(verifier.isValid(smallCert.key(), m, MESSAGE, sig)).as(m.wireName()).isFalse();
    }
    TestKeys.Pair smallPem = pycrypto(RSA1024);
    assertThat(verifier.isValid(smallPem.key(), SignatureMethod.PYCRYPTO_PSS, MESSAGE, smallPem.sign(MESSAGE))).isFalse();
  }

  @Test
  void rejectsEd25519KeysAndSignaturesOfTheWrongLength() {
    TestKeys.Pair p = TestKeys.ed25519(ED25519);
    Bytes sig = p.sign(MESSAGE);
    byte[] raw = p.key().publicBytes().unsafeArray();
    assertThat(verifier.isValid(new PublicKey(KeyType.ED25519, Bytes.wrap(Arrays.copyOf(raw, 31))),
        SignatureMethod.EDDSA, MESSAGE, sig)).isFalse();
    assertThat(verifier.isValid(new PublicKey(KeyType.ED25519, Bytes.wrap(Arrays.copyOf(raw, 33))),
        SignatureMethod.EDDSA, MESSAGE, sig)).isFalse();
    assertThat(verifier.isValid(p.key(), SignatureMethod.EDDSA, MESSAGE,
        Bytes.wrap(Arrays.copyOf(sig.unsafeArray(), 63)))).isFalse();
    assertThat(verifier.isValid(p.key(), SignatureMethod.EDDSA, MESSAGE,
        Bytes.wrap(Arrays.copyOf(sig.unsafeArray(), 65)))).isFalse();
  }

  @Test
  void rejectsEcdsaCurvesGoCannotParse() {
    // Go's x509.ParsePKIXPublicKey knows P-224/256/384/521 only: a secp256k1 key never verifies in notary
    X9ECParameters k1 = SECNamedCurves.getByName("secp256k1");
    var domain = new ECDomainParameters(k1.getCurve(), k1.getG(), k1.getN(), k1.getH());
    var gen = new ECKeyPairGenerator();
    gen.init(new ECKeyGenerationParameters(domain, new java.security.SecureRandom()));
    var kp = gen.generateKeyPair();
    var signer = new ECDSASigner();
    signer.init(true, kp.getPrivate());
    var d = new SHA256Digest();
    d.update(MESSAGE, 0, MESSAGE.length);
    byte[] hash = new byte[32];
    d.doFinal(hash, 0);
    BigInteger[] rs = signer.generateSignature(hash);
    byte[] sig = new byte[64];
    byte[] r = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, rs[0]);
    byte[] s = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, rs[1]);
    System.arraycopy(r, 0, sig, 0, 32);
    System.arraycopy(s, 0, sig, 32, 32);
    var spki = new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1),
        ((ECPublicKeyParameters) kp.getPublic()).getQ().getEncoded(false));
    PublicKey key = new PublicKey(KeyType.ECDSA, Bytes.wrap(encoded(spki)));
    // sanity: BouncyCastle itself accepts it
    var check = new ECDSASigner();
    check.init(false, kp.getPublic());
    assertThat(check.verifySignature(hash, rs[0], rs[1])).isTrue();
    assertThat(((ECPrivateKeyParameters) kp.getPrivate()).getD()).isNotNull();
    assertThat(verifier.isValid(key, SignatureMethod.ECDSA, MESSAGE, Bytes.wrap(sig))).isFalse();
  }

  @Test
  void rejectsCompressedEcdsaPoints() throws Exception {
    // Go's elliptic.Unmarshal reads only the uncompressed form (0x04 || X || Y)
    var spki = SubjectPublicKeyInfo.getInstance(P256.getPublic().getEncoded());
    var bcKey = (ECPublicKeyParameters) org.bouncycastle.crypto.util.PublicKeyFactory.createKey(spki);
    var compressed = new SubjectPublicKeyInfo(spki.getAlgorithm(), bcKey.getQ().getEncoded(true));
    PublicKey key = new PublicKey(KeyType.ECDSA, Bytes.wrap(encoded(compressed)));
    Bytes sig = TestKeys.ecdsa(P256).sign(MESSAGE);
    assertThat(verifier.isValid(TestKeys.ecdsa(P256).key(), SignatureMethod.ECDSA, MESSAGE, sig)).isTrue();
    assertThat(verifier.isValid(key, SignatureMethod.ECDSA, MESSAGE, sig)).isFalse();
  }

  @Test
  void rejectsRsaKeysWithoutNullParameters() {
    // Go 1.19 x509: "RSA key missing NULL parameters"
    var spki = SubjectPublicKeyInfo.getInstance(RSA2048.getPublic().getEncoded());
    assertThat(spki.getAlgorithm().getParameters()).isEqualTo(DERNull.INSTANCE);
    var noNull = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption),
        spki.getPublicKeyData().getBytes());
    PublicKey key = new PublicKey(KeyType.RSA, Bytes.wrap(encoded(noNull)));
    Bytes sig = TestKeys.rsa(RSA2048, SignatureMethod.RSAPSS).sign(MESSAGE);
    assertThat(verifier.isValid(key, SignatureMethod.RSAPSS, MESSAGE, sig)).isFalse();
  }

  private static byte[] encoded(SubjectPublicKeyInfo spki) {
    try {
      return spki.getEncoded("DER");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void thresholdCountsDistinctValidKeysOfTheRole() {
    TestKeys.Pair a = TestKeys.ecdsa(P256);
    TestKeys.Pair b = TestKeys.ed25519(ED25519);
    TestKeys.Pair outsider = TestKeys.ecdsa(P384);
    Map<KeyId, PublicKey> pool = Map.of(a.key().id(), a.key(), b.key().id(), b.key(), outsider.key().id(), outsider.key());
    Signed<Timestamp> file = signedTimestamp();
    byte[] msg = file.canonical().unsafeArray();
    Signature sa = new Signature(a.key().id(), a.method(), a.sign(msg));
    Signature sb = new Signature(b.key().id(), b.method(), b.sign(msg));
    Signature so = new Signature(outsider.key().id(), outsider.method(), outsider.sign(msg));
    Signature badB = new Signature(b.key().id(), b.method(), Bytes.of(new byte[64]));
    RoleKeys two = new RoleKeys(List.of(a.key().id(), b.key().id()), 2);

    verifier.checkThreshold(RoleName.TIMESTAMP, with(file, sa, sb), two, pool);
    verifier.checkThreshold(RoleName.TIMESTAMP, with(file, badB, so, sb, sa), two, pool);
    // a key counts once however often it signs; outsiders and invalid signatures are skipped
    for (Signed<?> f : List.of(with(file, sa, sa), with(file, sa, so), with(file, sa, badB), with(file, sa))) {
      assertThatThrownBy(() -> verifier.checkThreshold(RoleName.TIMESTAMP, f, two, pool))
          .isInstanceOf(TufException.class).hasMessageContaining("did not meet threshold for timestamp");
    }
    assertThatThrownBy(() -> verifier.checkThreshold(RoleName.TIMESTAMP, with(file), two, pool))
        .isInstanceOf(TufException.class).hasMessageContaining("no signatures");
    assertThatThrownBy(() -> verifier.checkThreshold(RoleName.TIMESTAMP, with(file, sa, sb),
        new RoleKeys(List.of(a.key().id()), 0), pool))
        .isInstanceOf(TufException.class).hasMessageContaining("invalid threshold");
    // a key filed under another key's ID is not used
    Map<KeyId, PublicKey> swapped = Map.of(a.key().id(), b.key(), b.key().id(), a.key());
    assertThatThrownBy(() -> verifier.checkThreshold(RoleName.TIMESTAMP, with(file, sa, sb),
        new RoleKeys(List.of(a.key().id()), 1), swapped))
        .isInstanceOf(TufException.class);
    // the signature's method is what is checked: an eddsa signature labelled ecdsa does not count
    Signature mislabelled = new Signature(b.key().id(), SignatureMethod.ECDSA, sb.value());
    assertThatThrownBy(() -> verifier.checkThreshold(RoleName.TIMESTAMP, with(file, mislabelled),
        new RoleKeys(List.of(b.key().id()), 1), pool))
        .isInstanceOf(TufException.class);
  }

  @Test
  void thresholdCountsAKeyOnceUnderEveryEncodingOfIt() {
    // one signer, its key listed under two IDs: notary 0.7 counts IDs and would accept these
    Signed<Timestamp> file = signedTimestamp();
    byte[] msg = file.canonical().unsafeArray();
    List<List<TestKeys.Pair>> twins = List.of(
        List.of(TestKeys.ecdsa(P256), TestKeys.ecdsaX509(P256)),
        List.of(TestKeys.ecdsaX509(P256), TestKeys.ecdsaX509(P256)), // two certificates of one key
        List.of(TestKeys.rsa(RSA2048, SignatureMethod.RSAPSS), TestKeys.rsaX509(RSA2048, SignatureMethod.RSAPSS)),
        List.of(TestKeys.rsa(RSA2048, SignatureMethod.RSAPSS), pycrypto(RSA2048)));
    for (List<TestKeys.Pair> twin : twins) {
      TestKeys.Pair x = twin.get(0);
      TestKeys.Pair y = twin.get(1);
      assertThat(x.key().id()).isNotEqualTo(y.key().id());
      Map<KeyId, PublicKey> pool = Map.of(x.key().id(), x.key(), y.key().id(), y.key());
      Signed<Timestamp> both = with(file, new Signature(x.key().id(), x.method(), x.sign(msg)),
          new Signature(y.key().id(), y.method(), y.sign(msg)));
      RoleKeys role = new RoleKeys(List.of(x.key().id(), y.key().id()), 2);
      assertThat(verifier.validSigners(both, role, pool)).as("%s + %s", x.key().type(), y.key().type()).hasSize(1);
      assertThatThrownBy(() -> verifier.checkThreshold(RoleName.TIMESTAMP, both, role, pool))
          .isInstanceOf(TufException.class).hasMessageContaining("did not meet threshold for timestamp");
    }
  }

  @Test
  void aKeyIdIsTriedAtMostTwicePerMethodSoRepeatsOfItCostNothing() {
    Signed<Timestamp> file = signedTimestamp();
    byte[] msg = file.canonical().unsafeArray();
    TestKeys.Pair p = TestKeys.ecdsa(P256);
    Map<KeyId, PublicKey> pool = Map.of(p.key().id(), p.key());
    RoleKeys role = new RoleKeys(List.of(p.key().id()), 1);
    Signature good = new Signature(p.key().id(), SignatureMethod.ECDSA, p.sign(msg));
    byte[] wrong = p.sign(msg).toArray();
    wrong[wrong.length - 1] ^= 1;
    Signature bad = new Signature(p.key().id(), SignatureMethod.ECDSA, Bytes.wrap(wrong));
    List<Signature> flood = new ArrayList<>();
    flood.add(good);
    for (int i = 0; i < 10_000; i++) {
      flood.add(bad);
    }
    // a valid signature followed by any number of repeats: verified once, the repeats are skipped
    assertThat(verifier.validSigners(with(file, flood.toArray(Signature[]::new)), role, pool)).containsExactly(p.key().id());
    // after one bad signature the next by the same key still counts, as in notary; after two it does not
    assertThat(verifier.validSigners(with(file, bad, good), role, pool)).containsExactly(p.key().id());
    assertThat(verifier.validSigners(with(file, bad, bad, good), role, pool)).isEmpty();
    List<Signature> floodFirst = new ArrayList<>(flood.subList(1, flood.size()));
    floodFirst.add(good);
    assertThat(verifier.validSigners(with(file, floodFirst.toArray(Signature[]::new)), role, pool)).isEmpty();
    // another method is another try: a mislabelled signature does not hide the right one
    Signature mislabelled = new Signature(p.key().id(), SignatureMethod.EDDSA, p.sign(msg));
    assertThat(verifier.validSigners(with(file, mislabelled, good), role, pool)).containsExactly(p.key().id());
  }

  private static Signed<Timestamp> signedTimestamp() {
    Bytes snapshot = Bytes.wrap("{}".getBytes(StandardCharsets.US_ASCII));
    return TufCodec.sign(new Timestamp(1, Expires.parse("2030-01-01T00:00:00Z"), FileMeta.of(snapshot)), List.of());
  }

  private static Signed<Timestamp> with(Signed<Timestamp> file, Signature... sigs) {
    return TufCodec.sign(file.signed(), new ArrayList<>(List.of(sigs)));
  }

  @Test
  void verifiesSignaturesOverTheCanonicalNotTheFileBytes() {
    // a target named v1<&>: the file escapes it, the signature is over the raw characters
    TestKeys.Pair p = TestKeys.ecdsa(P256);
    Targets t = new Targets(1, Expires.parse("2030-01-01T00:00:00Z"),
        Map.of("v1<&>", FileMeta.of(Bytes.wrap(new byte[] {1}))), Delegations.NONE);
    byte[] canonical = TufCodec.canonical(t);
    Signed<Targets> s = TufCodec.sign(t, List.of(new Signature(p.key().id(), p.method(), p.sign(canonical))));
    assertThat(new String(s.bytes().unsafeArray(), StandardCharsets.UTF_8)).contains("v1\\u003c\\u0026\\u003e");
    Signed<? extends Metadata> decoded = TufCodec.decode(RoleName.TARGETS, s.bytes());
    verifier.checkThreshold(RoleName.TARGETS, decoded, new RoleKeys(List.of(p.key().id()), 1), Map.of(p.key().id(), p.key()));
    assertThat(decoded.isFixedPoint()).isTrue();
  }
}
