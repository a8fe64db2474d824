package dev.hallmark.signer;

import dev.hallmark.tuf.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest under the passphrase of an alias.
 *
 * <p>PBKDF2-HMAC-SHA256 turns an alias's passphrase and a salt into a key-encryption key (KEK). That
 * is deliberately slow, so one KEK per alias is derived per process and cached: new keys reuse the
 * salt of the alias's existing keys, or one random salt per process. Each private key then gets its
 * own AES-256 key from HKDF-SHA256 over the KEK with a random per-key salt, and is sealed with
 * AES-256-GCM under a random nonce, with the key's identity (ID, GUN, role, algorithm) as
 * associated data so a ciphertext moved to another row does not decrypt.
 *
 * <p>Sealed form, version 1: {@code 0x01 | iterations (int32) | PBKDF2 salt (16) | HKDF salt (16) |
 * nonce (12) | ciphertext and tag (16)}.
 */
final class PrivateKeyCipher {
  private static final byte VERSION = 1;
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER_BYTES = 1 + 4 + SALT_BYTES + SALT_BYTES + NONCE_BYTES;
  /** Refuse rows that would make us spin: a tampered count is a denial of service. */
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final byte[] HKDF_INFO = "hallmark-signer private key v1".getBytes(StandardCharsets.US_ASCII);

  /** What a KEK is derived from, apart from the passphrase itself. */
  private record KdfInput(String alias, Bytes salt, int iterations) {}

  private final PassphraseAliases passphrases;
  private final int iterations;
  private final SecureRandom random;
  private final ConcurrentHashMap<KdfInput, SecretKey> keks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, KdfInput> forNewKeys = new ConcurrentHashMap<>();

  PrivateKeyCipher(PassphraseAliases passphrases, int iterations, SecureRandom random) {
    this.passphrases = passphrases;
    this.iterations = iterations;
    this.random = random;
  }

  /** Encrypts a PKCS#8 private key under the alias's passphrase, bound to {@code identity}. */
  byte[] seal(String alias, byte[] pkcs8, byte[] identity) {
    KdfInput kdf = forNewKeys.computeIfAbsent(alias, a -> new KdfInput(a, Bytes.wrap(randomBytes(SALT_BYTES)), iterations));
    byte[] keySalt = randomBytes(SALT_BYTES);
    byte[] nonce = randomBytes(NONCE_BYTES);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, keyFor(kek(kdf), keySalt), new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(identity);
      byte[] ciphertext = gcm.doFinal(pkcs8);
      return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
          .put(VERSION)
          .putInt(kdf.iterations())
          .put(kdf.salt().unsafeArray())
          .put(keySalt)
          .put(nonce)
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      throw new SignerException(SignerException.ErrorKind.INTERNAL, "cannot encrypt a private key", e);
    }
  }

  /**
   * Decrypts what {@link #seal} made; the caller clears the result after use.
   *
   * @throws SignerException of kind {@code BAD_PASSPHRASE} when the alias has no passphrase or the
   *     passphrase, the identity or the bytes do not match
   */
  byte[] open(String alias, byte[] sealed, byte[] identity) {
    KdfInput kdf = kdfInput(alias, sealed);
    ByteBuffer in = ByteBuffer.wrap(sealed, 1 + 4 + SALT_BYTES, sealed.length - (1 + 4 + SALT_BYTES));
    byte[] keySalt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(keySalt).get(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, keyFor(kek(kdf), keySalt), new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(identity);
      return gcm.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
    } catch (AEADBadTagException e) {
      throw new SignerException(SignerException.ErrorKind.BAD_PASSPHRASE,
          "the passphrase of alias " + alias + " does not decrypt the key (wrong passphrase or altered row)");
    } catch (GeneralSecurityException e) {
      throw new SignerException(SignerException.ErrorKind.INTERNAL, "cannot decrypt a private key", e);
    }
  }

  /**
   * Makes new keys of the alias use the KEK of this sealed key (already derived when it was opened),
   * so a process pays for one derivation per alias. Ignored when the iteration count differs from
   * the configured one, so raising the count takes effect for new keys.
   */
  void reuseKekOf(String alias, byte[] sealed) {
    KdfInput kdf = kdfInput(alias, sealed);
    if (kdf.iterations() == iterations) {
      forNewKeys.putIfAbsent(alias, kdf);
    }
  }

  private static KdfInput kdfInput(String alias, byte[] sealed) {
    if (sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new SignerException(SignerException.ErrorKind.BAD_PASSPHRASE, "not a sealed private key of version 1");
    }
    ByteBuffer in = ByteBuffer.wrap(sealed, 1, 4 + SALT_BYTES);
    int rounds = in.getInt();
    if (rounds < 1 || rounds > MAX_ITERATIONS) {
      throw new SignerException(SignerException.ErrorKind.BAD_PASSPHRASE, "sealed private key has a bad iteration count");
    }
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    return new KdfInput(alias, Bytes.wrap(salt), rounds);
  }

  private SecretKey kek(KdfInput kdf) {
    // computeIfAbsent runs the slow derivation once per input even when threads race for it
    return keks.computeIfAbsent(kdf, this::derive);
  }

  private SecretKey derive(KdfInput kdf) {
    char[] passphrase = passphrases.passphrase(kdf.alias());
    PBEKeySpec spec = new PBEKeySpec(passphrase, kdf.salt().unsafeArray(), kdf.iterations(), 256);
    try {
      byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      try {
        return new SecretKeySpec(raw, "HKDF");
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new SignerException(SignerException.ErrorKind.INTERNAL, "cannot derive a key-encryption key", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(passphrase, '\0');
    }
  }

  private static SecretKey keyFor(SecretKey kek, byte[] keySalt) throws GeneralSecurityException {
    return KDF.getInstance("HKDF-SHA256").deriveKey("AES",
        HKDFParameterSpec.ofExtract().addIKM(kek).addSalt(keySalt).thenExpand(HKDF_INFO, 32));
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
