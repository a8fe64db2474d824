package dev.hallmark.signer;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.SignatureMethod;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Algorithms the signer creates keys for: those notary-signer accepts in {@code CreateKey}
 * (reference signer/api/rpc_api.go; {@code rsa} is refused there too).
 */
public enum KeyAlgorithm {
  /** ECDSA on P-256; public key DER SubjectPublicKeyInfo, signature SHA-256 with raw {@code r||s}. */
  ECDSA("ecdsa", KeyType.ECDSA, SignatureMethod.ECDSA),
  /** Ed25519; public key the raw 32 bytes. */
  ED25519("ed25519", KeyType.ED25519, SignatureMethod.EDDSA);

  private final String wireName;
  private final KeyType keyType;
  private final SignatureMethod method;

  KeyAlgorithm(String wireName, KeyType keyType, SignatureMethod method) {
    this.wireName = wireName;
    this.keyType = keyType;
    this.method = method;
  }

  /** The name in notary-signer's {@code CreateKeyRequest.algorithm} and in the key table. */
  public String wireName() {
    return wireName;
  }

  /** The {@code keytype} of the public keys this algorithm makes. */
  public KeyType keyType() {
    return keyType;
  }

  /** The signature {@code method} of the signatures this algorithm makes. */
  public SignatureMethod signatureMethod() {
    return method;
  }

  /**
   * Parses an algorithm name as notary-signer receives it.
   *
   * @throws SignerException of kind {@code UNSUPPORTED_ALGORITHM} for any other name (e.g. {@code rsa})
   */
  public static KeyAlgorithm fromWire(String name) {
    for (KeyAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    // message as reference signer/api/rpc_api.go CreateKey
    throw new SignerException(
        SignerException.ErrorKind.UNSUPPORTED_ALGORITHM, "algorithm " + name + " not supported for create key");
  }

  /** DER of the Ed25519 SubjectPublicKeyInfo up to the key bytes (RFC 8410 section 4). */
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  /** A new key pair. */
  KeyPair generate(SecureRandom random) {
    try {
      return switch (this) {
        case ECDSA -> {
          KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
          gen.initialize(new ECGenParameterSpec("secp256r1"), random);
          yield gen.generateKeyPair();
        }
        case ED25519 -> {
          KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
          gen.initialize(255, random);
          yield gen.generateKeyPair();
        }
      };
    } catch (GeneralSecurityException e) {
      throw new SignerException(SignerException.ErrorKind.INTERNAL, "cannot generate an " + wireName + " key", e);
    }
  }

  /** The public half as metadata lists it (reference tuf/data/keys.go). */
  PublicKey publicKey(java.security.PublicKey jca) {
    byte[] spki = jca.getEncoded();
    return switch (this) {
      case ECDSA -> new PublicKey(keyType, Bytes.wrap(spki));
      case ED25519 -> {
        // notary's ed25519 keyval.public is the raw 32-byte key, not the SPKI
        if (spki.length != ED25519_SPKI_PREFIX.length + 32
            || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
          throw new SignerException(SignerException.ErrorKind.INTERNAL, "unexpected Ed25519 public key encoding");
        }
        yield new PublicKey(keyType, Bytes.wrap(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length)));
      }
    };
  }

  /** Decodes a PKCS#8 private key of this algorithm. */
  PrivateKey privateKey(byte[] pkcs8) {
    try {
      String name = switch (this) {
        case ECDSA -> "EC";
        case ED25519 -> "Ed25519";
      };
      return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new SignerException(SignerException.ErrorKind.INTERNAL, "stored " + wireName + " private key does not decode", e);
    }
  }

  /** Signs a message: ECDSA over its SHA-256 as raw {@code r||s} (reference tuf/signed/sign.go), or Ed25519. */
  byte[] sign(PrivateKey key, byte[] message) {
    // BouncyCastle's lightweight API signs several times faster than the JDK provider here (the
    // server signs a timestamp on every publish); ECDSA nonces are deterministic (RFC 6979)
    return switch (this) {
      case ECDSA -> {
        if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) {
          throw new SignerException(SignerException.ErrorKind.INTERNAL, "not an EC private key");
        }
        var digest = new org.bouncycastle.crypto.digests.SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        var signer = new org.bouncycastle.crypto.signers.ECDSASigner(
            new org.bouncycastle.crypto.signers.HMacDSAKCalculator(new org.bouncycastle.crypto.digests.SHA256Digest()));
        signer.init(true, new org.bouncycastle.crypto.params.ECPrivateKeyParameters(ec.getS(), P256.DOMAIN));
        java.math.BigInteger[] rs = signer.generateSignature(hash);
        byte[] out = new byte[64];
        copyPadded(rs[0], out, 0);
        copyPadded(rs[1], out, 32);
        yield out;
      }
      case ED25519 -> {
        if (!(key instanceof java.security.interfaces.EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
          throw new SignerException(SignerException.ErrorKind.INTERNAL, "not an Ed25519 private key");
        }
        byte[] seed = ed.getBytes().get();
        try {
          var signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
          signer.init(true, new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0));
          signer.update(message, 0, message.length);
          yield signer.generateSignature();
        } finally {
          java.util.Arrays.fill(seed, (byte) 0);
        }
      }
    };
  }

  private static void copyPadded(java.math.BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }

  /** P-256 domain parameters, built once. */
  private static final class P256 {
    static final org.bouncycastle.crypto.params.ECDomainParameters DOMAIN;

    static {
      var x9 = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1");
      DOMAIN = new org.bouncycastle.crypto.params.ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }
  }

}
