package dev.hallmark.keys;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.Pem;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Private key files as notary 0.7 writes and reads them (reference tuf/utils/pkcs8.go, x509.go).
 *
 * <p>Writes exactly notary's form: PEM {@code ENCRYPTED PRIVATE KEY} holding PKCS#8
 * EncryptedPrivateKeyInfo with PBES2, PBKDF2 (8-byte salt, 2048 iterations, no key length and no PRF
 * field, hence HMAC-SHA1) and AES-256-CBC; inside, EC keys as PrivateKeyInfo version 1 with a SEC1
 * key, RSA without the NULL parameter, Ed25519 under OID 1.3.6.1.4.1.11591.15.1 with 96 raw bytes.
 * notary 0.7 ignores the PRF field and would fail on anything but SHA-1, so nothing else is written.
 * An empty passphrase gives an unencrypted {@code PRIVATE KEY}, as notary does.
 *
 * <p>Reads that form and the usual variants: a PRF field (HMAC-SHA1/224/256/384/512), AES-128/192,
 * version 0, unencrypted PKCS#8, the standard Ed25519 OID, and legacy {@code EC PRIVATE KEY},
 * {@code RSA PRIVATE KEY} and {@code ED25519 PRIVATE KEY} blocks, optionally encrypted with
 * {@code DEK-Info} (OpenSSL's MD5 key derivation).
 *
 * <p>Headers: {@code role} when not empty, {@code gun} for keys whose role carries one, sorted as Go
 * writes them. Thread-safe.
 */
public final class KeyFileCodec {
  /** The OID notary files Ed25519 keys under (reference tuf/utils/pkcs8.go). */
  static final ASN1ObjectIdentifier NOTARY_ED25519 = new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.15.1");
  static final int ITERATIONS = 2048;
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final System.Logger LOG = System.getLogger(KeyFileCodec.class.getName());
  private static final ASN1ObjectIdentifier HMAC_SHA1 = PKCSObjectIdentifiers.id_hmacWithSHA1;

  private final SecureRandom random;

  /** A codec drawing salts and IVs from a new {@link SecureRandom}. */
  public KeyFileCodec() {
    this(new SecureRandom());
  }

  /** A codec drawing salts and IVs from the given source. */
  public KeyFileCodec(SecureRandom random) {
    this.random = Objects.requireNonNull(random);
  }

  /** The key file text, encrypted with the passphrase (unencrypted when it is empty). */
  public String encode(PrivateKey key, Passphrase passphrase) {
    return PemText.encode(encodeBlock(key, passphrase));
  }

  Pem encodeBlock(PrivateKey key, Passphrase passphrase) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (!key.role().isEmpty()) {
      headers.put("role", key.role().value());
    }
    key.gun().ifPresent(g -> headers.put("gun", g.value()));
    byte[] inner = privateKeyInfo(key);
    if (passphrase.isEmpty()) {
      return new Pem("PRIVATE KEY", headers, Bytes.wrap(inner));
    }
    byte[] encrypted = encrypt(inner, passphrase);
    Arrays.fill(inner, (byte) 0);
    return new Pem("ENCRYPTED PRIVATE KEY", headers, Bytes.wrap(encrypted));
  }

  /**
   * Reads the first private key block of a key file; role and GUN come from its headers.
   *
   * @throws KeyException {@code WRONG_PASSPHRASE} when the passphrase does not decrypt it (also for
   *     an empty passphrase on an encrypted file), {@code INVALID_KEY} when it is no usable key
   */
  public PrivateKey decode(String pemText, Passphrase passphrase) {
    Pem block = Pem.decodeFirst(pemText);
    if (block == null) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "no valid private key found");
    }
    return decode(block, passphrase);
  }

  /** Whether the first block of the key file needs a passphrase. */
  public static boolean isEncrypted(String pemText) {
    Pem block = Pem.decodeFirst(pemText);
    return block != null && isEncrypted(block);
  }

  static boolean isEncrypted(Pem block) {
    return block.type().equals("ENCRYPTED PRIVATE KEY")
        || (isLegacy(block.type()) && block.headers().containsKey("DEK-Info"));
  }

  static boolean isKeyBlock(String type) {
    return isLegacy(type) || type.equals("PRIVATE KEY") || type.equals("ENCRYPTED PRIVATE KEY");
  }

  private static boolean isLegacy(String type) {
    return type.equals("EC PRIVATE KEY") || type.equals("RSA PRIVATE KEY") || type.equals("ED25519 PRIVATE KEY");
  }

  PrivateKey decode(Pem block, Passphrase passphrase) {
    KeyRole role = roleOf(block);
    Gun gun = gunOf(block);
    byte[] content = block.content().unsafeArray();
    switch (block.type()) {
      case "ENCRYPTED PRIVATE KEY" -> {
        if (passphrase.isEmpty()) {
          throw wrongPassphrase();
        }
        byte[] inner = decrypt(content, passphrase);
        try {
          return fromPrivateKeyInfo(inner, role, gun, true);
        } finally {
          Arrays.fill(inner, (byte) 0);
        }
      }
      case "PRIVATE KEY" -> {
        return fromPrivateKeyInfo(content, role, gun, false);
      }
      case "EC PRIVATE KEY", "RSA PRIVATE KEY", "ED25519 PRIVATE KEY" -> {
        String dekInfo = block.headers().get("DEK-Info");
        if (dekInfo == null) {
          return fromLegacy(block.type(), content, role, gun);
        }
        if (passphrase.isEmpty()) {
          throw wrongPassphrase();
        }
        byte[] plain = decryptLegacy(dekInfo, content, passphrase);
        try {
          return fromLegacy(block.type(), plain, role, gun);
        } catch (KeyException e) {
          // decrypted with a wrong passphrase but the padding happened to look right
          throw wrongPassphrase();
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
      }
      default -> throw new KeyException(KeyException.Kind.INVALID_KEY, "unsupported key type \"" + block.type() + "\"");
    }
  }

  static KeyRole roleOf(Pem block) {
    String role = block.headers().getOrDefault("role", "");
    try {
      return KeyRole.of(role);
    } catch (IllegalArgumentException e) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "invalid role header");
    }
  }

  static Gun gunOf(Pem block) {
    String gun = block.headers().get("gun");
    if (gun == null || gun.isEmpty()) {
      return null;
    }
    if (Gun.problem(gun) != null) {
      LOG.log(Level.WARNING, "ignoring invalid gun header of a key file: {0}", Gun.problem(gun));
      return null;
    }
    return new Gun(gun);
  }

  // ---- PKCS#8 ----

  /** PrivateKeyInfo exactly as notary's {@code convertTUFKeyToPKCS8} marshals it. */
  static byte[] privateKeyInfo(PrivateKey key) {
    ASN1Encodable[] alg;
    int version;
    switch (key.type()) {
      case ECDSA, ECDSA_X509 -> {
        version = 1; // notary follows OpenSSL here, not RFC 5958
        alg = new ASN1Encodable[] {X9ObjectIdentifiers.id_ecPublicKey, key.curve()};
      }
      case RSA, RSA_X509 -> {
        version = 0;
        alg = new ASN1Encodable[] {PKCSObjectIdentifiers.rsaEncryption}; // no NULL parameter
      }
      case ED25519 -> {
        version = 0;
        alg = new ASN1Encodable[] {NOTARY_ED25519};
      }
      default -> throw new IllegalStateException("unreachable");
    }
    byte[] material = key.material();
    try {
      return new DERSequence(new ASN1Encodable[] {
          new ASN1Integer(version), new DERSequence(alg), new DEROctetString(material)}).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding failed", e);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  private static PrivateKey fromPrivateKeyInfo(byte[] der, KeyRole role, Gun gun, boolean decrypted) {
    ASN1Sequence alg;
    byte[] key;
    try {
      // only the first object: notary leaves the CBC padding in place and relies on this too
      ASN1Primitive obj;
      try (var in = new ASN1InputStream(der)) {
        obj = in.readObject();
      }
      ASN1Sequence seq = ASN1Sequence.getInstance(obj);
      int version = ASN1Integer.getInstance(seq.getObjectAt(0)).intValueExact();
      if (version != 0 && version != 1) {
        throw new IllegalArgumentException("unknown PKCS#8 version " + version);
      }
      alg = ASN1Sequence.getInstance(seq.getObjectAt(1));
      ASN1ObjectIdentifier.getInstance(alg.getObjectAt(0));
      key = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
    } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException
        | ArithmeticException | IndexOutOfBoundsException | NullPointerException e) {
      // garbage after decryption means a wrong passphrase (reference: "pkcs8: incorrect password")
      throw decrypted ? wrongPassphrase()
          : new KeyException(KeyException.Kind.INVALID_KEY, "could not parse PKCS#8 private key", e);
    }
    ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) alg.getObjectAt(0);
    try {
      if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        ASN1ObjectIdentifier curve = alg.size() > 1 && alg.getObjectAt(1) instanceof ASN1ObjectIdentifier c ? c : null;
        return PrivateKey.fromSec1(key, curve, role, gun);
      } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        return PrivateKey.fromPkcs1(key, role, gun);
      } else if (oid.equals(NOTARY_ED25519)) {
        return PrivateKey.fromEd25519Raw(key, role, gun);
      } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
        return PrivateKey.fromEd25519Seed(ASN1OctetString.getInstance(key).getOctets(), role, gun);
      }
    } catch (KeyException | IllegalArgumentException e) {
      if (decrypted) {
        throw wrongPassphrase();
      }
      throw e instanceof KeyException ke ? ke
          : new KeyException(KeyException.Kind.INVALID_KEY, "could not parse PKCS#8 private key", e);
    }
    throw new KeyException(KeyException.Kind.INVALID_KEY, "unsupported key type " + oid);
  }

  private byte[] encrypt(byte[] plain, Passphrase passphrase) {
    byte[] salt = new byte[8];
    byte[] iv = new byte[16];
    random.nextBytes(salt);
    random.nextBytes(iv);
    byte[] key = pbkdf2(passphrase, salt, ITERATIONS, 32, new SHA1Digest());
    try {
      Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS#7 padding for a 16-byte block
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      byte[] encrypted = c.doFinal(plain);
      // PBKDF2 params without keyLength and PRF: notary's pbkdf2Params{Salt, IterationCount}
      var kdf = new DERSequence(new ASN1Encodable[] {PKCSObjectIdentifiers.id_PBKDF2,
          new DERSequence(new ASN1Encodable[] {new DEROctetString(salt), new ASN1Integer(ITERATIONS)})});
      var enc = new DERSequence(new ASN1Encodable[] {NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)});
      var algorithm = new DERSequence(new ASN1Encodable[] {PKCSObjectIdentifiers.id_PBES2,
          new DERSequence(new ASN1Encodable[] {kdf, enc})});
      return new DERSequence(new ASN1Encodable[] {algorithm, new DEROctetString(encrypted)})
          .getEncoded(ASN1Encoding.DER);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("AES-256-CBC encryption failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] decrypt(byte[] der, Passphrase passphrase) {
    EncryptedPrivateKeyInfo info;
    PBES2Parameters pbes2;
    PBKDF2Params kdf;
    try {
      info = EncryptedPrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (!info.getEncryptionAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
        throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: only PBES2 supported");
      }
      pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
      if (!pbes2.getKeyDerivationFunc().getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
        throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: only PBKDF2 supported");
      }
      kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: only PKCS #5 v2.0 supported", e);
    }
    ASN1ObjectIdentifier cipherOid = pbes2.getEncryptionScheme().getAlgorithm();
    int keyLength;
    if (cipherOid.equals(NISTObjectIdentifiers.id_aes256_CBC)) {
      keyLength = 32;
    } else if (cipherOid.equals(NISTObjectIdentifiers.id_aes192_CBC)) {
      keyLength = 24;
    } else if (cipherOid.equals(NISTObjectIdentifiers.id_aes128_CBC)) {
      keyLength = 16;
    } else {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: only AES-CBC supported");
    }
    int iterations = kdf.getIterationCount().intValueExact();
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: unreasonable PBKDF2 iteration count");
    }
    byte[] iv;
    try {
      iv = ASN1OctetString.getInstance(pbes2.getEncryptionScheme().getParameters()).getOctets();
    } catch (IllegalArgumentException e) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: invalid IV", e);
    }
    byte[] encrypted = info.getEncryptedData();
    if (iv.length != 16 || encrypted.length == 0 || encrypted.length % 16 != 0) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: malformed AES-CBC data");
    }
    byte[] key = pbkdf2(passphrase, kdf.getSalt(), iterations, keyLength, prf(kdf));
    try {
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return c.doFinal(encrypted);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC decryption failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static Digest prf(PBKDF2Params kdf) {
    ASN1ObjectIdentifier prf = kdf.getPrf() == null ? HMAC_SHA1 : kdf.getPrf().getAlgorithm();
    if (prf.equals(HMAC_SHA1)) {
      return new SHA1Digest();
    } else if (prf.equals(PKCSObjectIdentifiers.id_hmacWithSHA224)) {
      return new SHA224Digest();
    } else if (prf.equals(PKCSObjectIdentifiers.id_hmacWithSHA256)) {
      return new SHA256Digest();
    } else if (prf.equals(PKCSObjectIdentifiers.id_hmacWithSHA384)) {
      return new SHA384Digest();
    } else if (prf.equals(PKCSObjectIdentifiers.id_hmacWithSHA512)) {
      return new SHA512Digest();
    }
    throw new KeyException(KeyException.Kind.INVALID_KEY, "pkcs8: unsupported PBKDF2 PRF " + prf);
  }

  private static byte[] pbkdf2(Passphrase passphrase, byte[] salt, int iterations, int keyLength, Digest digest) {
    byte[] password = passphrase.utf8();
    try {
      var gen = new PKCS5S2ParametersGenerator(digest);
      gen.init(password, salt, iterations);
      return ((KeyParameter) gen.generateDerivedParameters(keyLength * 8)).getKey();
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  // ---- legacy PEM (OpenSSL "traditional" format) ----

  private static PrivateKey fromLegacy(String type, byte[] der, KeyRole role, Gun gun) {
    return switch (type) {
      case "EC PRIVATE KEY" -> PrivateKey.fromSec1(der, null, role, gun);
      case "RSA PRIVATE KEY" -> PrivateKey.fromPkcs1(der, role, gun);
      case "ED25519 PRIVATE KEY" -> PrivateKey.fromEd25519Raw(der, role, gun);
      default -> throw new IllegalStateException("unreachable");
    };
  }

  /** Decrypts a {@code DEK-Info} block as Go's {@code x509.DecryptPEMBlock} (OpenSSL EVP_BytesToKey, MD5). */
  private static byte[] decryptLegacy(String dekInfo, byte[] data, Passphrase passphrase) {
    int comma = dekInfo.indexOf(',');
    if (comma < 0) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "malformed DEK-Info header");
    }
    String cipherName = dekInfo.substring(0, comma).strip();
    byte[] iv;
    try {
      iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "malformed DEK-Info IV", e);
    }
    String jce;
    int keyLength;
    int blockSize;
    switch (cipherName) {
      case "AES-128-CBC" -> { jce = "AES"; keyLength = 16; blockSize = 16; }
      case "AES-192-CBC" -> { jce = "AES"; keyLength = 24; blockSize = 16; }
      case "AES-256-CBC" -> { jce = "AES"; keyLength = 32; blockSize = 16; }
      case "DES-EDE3-CBC" -> { jce = "DESede"; keyLength = 24; blockSize = 8; }
      default -> throw new KeyException(KeyException.Kind.INVALID_KEY, "x509: unknown encryption mode " + cipherName);
    }
    if (iv.length != blockSize || data.length == 0 || data.length % blockSize != 0) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "x509: malformed encrypted PEM block");
    }
    byte[] password = passphrase.utf8();
    byte[] key = new byte[keyLength];
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] prev = new byte[0];
      int filled = 0;
      while (filled < keyLength) {
        md5.reset();
        md5.update(prev);
        md5.update(password);
        md5.update(iv, 0, 8); // the salt is the first 8 bytes of the IV
        prev = md5.digest();
        int n = Math.min(prev.length, keyLength - filled);
        System.arraycopy(prev, 0, key, filled, n);
        filled += n;
      }
      Cipher c = Cipher.getInstance(jce + "/CBC/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, jce), new IvParameterSpec(iv));
      byte[] plain = c.doFinal(data);
      int pad = plain[plain.length - 1] & 0xff;
      if (pad == 0 || pad > blockSize) {
        throw wrongPassphrase();
      }
      for (int i = plain.length - pad; i < plain.length; i++) {
        if ((plain[i] & 0xff) != pad) {
          throw wrongPassphrase();
        }
      }
      byte[] out = Arrays.copyOf(plain, plain.length - pad);
      Arrays.fill(plain, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(cipherName + " decryption failed", e);
    } finally {
      Arrays.fill(password, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  private static KeyException wrongPassphrase() {
    return new KeyException(KeyException.Kind.WRONG_PASSPHRASE, "could not decrypt private key");
  }
}
