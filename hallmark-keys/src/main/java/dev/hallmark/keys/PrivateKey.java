package dev.hallmark.keys;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.SignatureMethod;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A private signing key with the role (and, for targets/snapshot/timestamp keys, the GUN) its key
 * file names. Signs exactly as notary 0.7 does (reference tuf/data/keys.go): {@code ecdsa} = SHA-256
 * with a raw, left-padded {@code r||s}; {@code rsapss} = PSS, SHA-256, salt 32; {@code eddsa}.
 *
 * <p>Immutable. The key ID is the canonical ID notary names key files after: the TUF ID of the plain
 * public key. There is no {@code equals}, {@code hashCode} or revealing {@code toString}.
 *
 * {@snippet :
 * PrivateKey key = PrivateKey.generateEcdsa(KeyRole.TARGETS, new Gun("example.com/app"));
 * Signature sig = key.sign(canonicalSignedBytes);
 * }
 */
public final class PrivateKey {
  /** P-256, P-384 and P-521: the curves notary's PKCS#8 code knows (reference tuf/utils/pkcs8.go). */
  private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(
      SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

  private final KeyType type;
  private final KeyRole role;
  private final Gun gun; // null when the role carries none
  private final PublicKey publicKey;
  private final byte[] material; // SEC1 (ecdsa), PKCS#1 (rsa), pub||seed||pub (ed25519), as Go stores it
  private final ASN1ObjectIdentifier curve; // ecdsa only
  private final java.security.PrivateKey jdkKey; // ecdsa and rsa
  private final Ed25519PrivateKeyParameters edKey; // ed25519

  private PrivateKey(KeyType type, KeyRole role, Gun gun, PublicKey publicKey, byte[] material,
      ASN1ObjectIdentifier curve, java.security.PrivateKey jdkKey, Ed25519PrivateKeyParameters edKey) {
    this.type = type;
    this.role = Objects.requireNonNull(role);
    this.gun = role.carriesGun() ? gun : null;
    this.publicKey = publicKey;
    this.material = material;
    this.curve = curve;
    this.jdkKey = jdkKey;
    this.edKey = edKey;
  }

  /** A new ECDSA P-256 key, what {@code notary key generate} and {@code init} create. */
  public static PrivateKey generateEcdsa(KeyRole role) {
    return generateEcdsa(role, null, new SecureRandom());
  }

  /** A new ECDSA P-256 key of a targets, snapshot or timestamp role of one repository. */
  public static PrivateKey generateEcdsa(KeyRole role, Gun gun) {
    return generateEcdsa(role, Objects.requireNonNull(gun), new SecureRandom());
  }

  static PrivateKey generateEcdsa(KeyRole role, Gun gun, SecureRandom random) {
    X9ECParameters p = NISTNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
    BigInteger n = p.getN();
    BigInteger d;
    do {
      d = new BigInteger(n.bitLength(), random);
    } while (d.signum() == 0 || d.compareTo(n) >= 0);
    return fromEc(d, SECObjectIdentifiers.secp256r1, role, gun);
  }

  /** A new Ed25519 key, the type notary's signer and server use for their own keys. */
  public static PrivateKey generateEd25519(KeyRole role) {
    var params = new Ed25519PrivateKeyParameters(new SecureRandom());
    return fromEd25519Seed(params.getEncoded(), role, null);
  }

  /** The same key with another role and GUN, e.g. for {@code key import} or a rotation. */
  public PrivateKey withRole(KeyRole newRole) {
    return new PrivateKey(type, newRole, null, publicKey, material, curve, jdkKey, edKey);
  }

  /** The same key with another role and GUN; the GUN is dropped unless the role carries one. */
  public PrivateKey withRole(KeyRole newRole, Gun newGun) {
    return new PrivateKey(type, newRole, Objects.requireNonNull(newGun), publicKey, material, curve, jdkKey, edKey);
  }

  /** {@code ecdsa}, {@code rsa} or {@code ed25519}; never a certificate type. */
  public KeyType type() {
    return type;
  }

  /** The role the key file names. */
  public KeyRole role() {
    return role;
  }

  /** The repository of a targets, snapshot or timestamp key. */
  public Optional<Gun> gun() {
    return Optional.ofNullable(gun);
  }

  /** The public half as TUF metadata lists a plain key (DER SPKI, or raw bytes for ed25519). */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The canonical key ID: the name of the key file and what {@code notary key list} prints. */
  public KeyId id() {
    return publicKey.id();
  }

  /** Signs the bytes; the signature names {@link #id()}. */
  public Signature sign(byte[] message) {
    return new Signature(id(), method(), Bytes.wrap(rawSign(message)));
  }

  /**
   * Signs the bytes for a key as metadata lists it, e.g. the root certificate key: the signature
   * names {@code listedAs.id()}.
   *
   * @throws IllegalArgumentException when the listed key is not this key's public key
   */
  public Signature sign(byte[] message, PublicKey listedAs) {
    if (!listedAs.canonicalId().equals(id())) {
      throw new IllegalArgumentException("key " + listedAs.id() + " does not belong to private key " + id());
    }
    return new Signature(listedAs.id(), method(), Bytes.wrap(rawSign(message)));
  }

  /** The signature method notary uses for this key type. */
  public SignatureMethod method() {
    return switch (type) {
      case ECDSA, ECDSA_X509 -> SignatureMethod.ECDSA;
      case RSA, RSA_X509 -> SignatureMethod.RSAPSS;
      case ED25519 -> SignatureMethod.EDDSA;
    };
  }

  private byte[] rawSign(byte[] message) {
    try {
      switch (type) {
        case ECDSA, ECDSA_X509 -> {
          // P1363 = r||s each left-padded to the order size, which equals the field size on NIST curves
          var s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
          s.initSign(jdkKey);
          s.update(message);
          return s.sign();
        }
        case RSA, RSA_X509 -> {
          var s = java.security.Signature.getInstance("RSASSA-PSS");
          s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
          s.initSign(jdkKey);
          s.update(message);
          return s.sign();
        }
        case ED25519 -> {
          var s = new Ed25519Signer();
          s.init(true, edKey);
          s.update(message, 0, message.length);
          return s.generateSignature();
        }
      }
      throw new IllegalStateException("unreachable");
    } catch (GeneralSecurityException e) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "signing failed: " + e.getMessage(), e);
    }
  }

  /** The private bytes as notary stores them inside PKCS#8 (SEC1, PKCS#1 or 96 raw bytes). */
  byte[] material() {
    return material.clone();
  }

  /** The named curve of an ECDSA key. */
  ASN1ObjectIdentifier curve() {
    return curve;
  }

  /** The JDK key of an ECDSA or RSA key, for certificate signing. */
  java.security.PrivateKey jdkKey() {
    return jdkKey;
  }

  @Override
  public String toString() {
    return "PrivateKey[" + type.wireName() + " " + id() + " role=" + role + (gun == null ? "" : " gun=" + gun) + "]";
  }

  // ---- construction from stored forms ----

  /**
   * An ECDSA key from a SEC1 {@code ECPrivateKey}; the curve comes from the SEC1 parameters or, when
   * absent there, from the PKCS#8 algorithm identifier.
   */
  static PrivateKey fromSec1(byte[] sec1, ASN1ObjectIdentifier curveHint, KeyRole role, Gun gun) {
    org.bouncycastle.asn1.sec.ECPrivateKey ec;
    try {
      ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(sec1));
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw invalid("could not parse DER encoded private key", e);
    }
    ASN1ObjectIdentifier curve = curveHint;
    if (ec.getParametersObject() instanceof ASN1ObjectIdentifier oid) {
      curve = oid;
    }
    if (curve == null) {
      throw invalid("EC private key names no curve", null);
    }
    return fromEc(ec.getKey(), curve, role, gun);
  }

  private static PrivateKey fromEc(BigInteger d, ASN1ObjectIdentifier curve, KeyRole role, Gun gun) {
    if (!CURVES.contains(curve)) {
      throw invalid("pkcs8: unknown elliptic curve " + curve, null);
    }
    X9ECParameters params = NISTNamedCurves.getByOID(curve);
    BigInteger n = params.getN();
    if (d.signum() <= 0 || d.compareTo(n) >= 0) {
      throw invalid("invalid EC private key value", null);
    }
    ECPoint q = params.getG().multiply(d).normalize();
    byte[] point = q.getEncoded(false);
    try {
      // as Go's x509.MarshalECPrivateKey: version 1, D padded to the order size, [0] curve, [1] point
      byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(n.bitLength(), d, new DERBitString(point), curve)
          .getEncoded(ASN1Encoding.DER);
      AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
      byte[] spki = new SubjectPublicKeyInfo(alg, point).getEncoded(ASN1Encoding.DER);
      byte[] pkcs8 = new PrivateKeyInfo(alg, org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(sec1))
          .getEncoded(ASN1Encoding.DER);
      var jdk = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      Arrays.fill(pkcs8, (byte) 0);
      return new PrivateKey(KeyType.ECDSA, role, gun, new PublicKey(KeyType.ECDSA, Bytes.wrap(spki)),
          sec1, curve, jdk, null);
    } catch (IOException | GeneralSecurityException e) {
      throw invalid("could not convert EC private key", e);
    }
  }

  /** An RSA key from a PKCS#1 {@code RSAPrivateKey}. */
  static PrivateKey fromPkcs1(byte[] pkcs1, KeyRole role, Gun gun) {
    RSAPrivateKey rsa;
    try {
      rsa = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(pkcs1));
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw invalid("could not parse DER encoded key", e);
    }
    try {
      // Go re-marshals with x509.MarshalPKCS1PrivateKey: version 0 and all CRT values
      byte[] normalized = new RSAPrivateKey(rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(),
          rsa.getPrime1(), rsa.getPrime2(), rsa.getExponent1(), rsa.getExponent2(), rsa.getCoefficient())
          .getEncoded(ASN1Encoding.DER);
      byte[] spki = new SubjectPublicKeyInfo(
          new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
          new RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())).getEncoded(ASN1Encoding.DER);
      var jdk = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
          rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(),
          rsa.getPrime2(), rsa.getExponent1(), rsa.getExponent2(), rsa.getCoefficient()));
      return new PrivateKey(KeyType.RSA, role, gun, new PublicKey(KeyType.RSA, Bytes.wrap(spki)),
          normalized, null, jdk, null);
    } catch (IOException | GeneralSecurityException e) {
      throw invalid("could not convert rsa private key", e);
    }
  }

  /** An Ed25519 key in notary's 96-byte form: public(32) || seed(32) || public(32). */
  static PrivateKey fromEd25519Raw(byte[] raw, KeyRole role, Gun gun) {
    if (raw.length != 96) {
      throw invalid("malformed ed25519 private key", null);
    }
    PrivateKey key = fromEd25519Seed(Arrays.copyOfRange(raw, 32, 64), role, gun);
    byte[] pub = key.publicKey.publicBytes().unsafeArray();
    if (!Arrays.equals(pub, 0, 32, raw, 0, 32) || !Arrays.equals(pub, 0, 32, raw, 64, 96)) {
      throw invalid("ed25519 public key does not match the private key", null);
    }
    return key;
  }

  static PrivateKey fromEd25519Seed(byte[] seed, KeyRole role, Gun gun) {
    if (seed.length != 32) {
      throw invalid("malformed ed25519 private key", null);
    }
    var params = new Ed25519PrivateKeyParameters(seed, 0);
    byte[] pub = params.generatePublicKey().getEncoded();
    byte[] raw = new byte[96];
    System.arraycopy(pub, 0, raw, 0, 32);
    System.arraycopy(seed, 0, raw, 32, 32);
    System.arraycopy(pub, 0, raw, 64, 32);
    return new PrivateKey(KeyType.ED25519, role, gun, new PublicKey(KeyType.ED25519, Bytes.wrap(pub)),
        raw, null, null, params);
  }

  private static KeyException invalid(String message, Throwable cause) {
    return new KeyException(KeyException.Kind.INVALID_KEY, message, cause);
  }
}
