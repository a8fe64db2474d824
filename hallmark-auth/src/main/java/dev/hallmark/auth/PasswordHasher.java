package dev.hallmark.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with PBKDF2-HMAC-SHA256 (OWASP 2023: at least 600,000 iterations), encoded as
 * {@code $pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so that the cost can rise later without
 * invalidating stored hashes. Comparisons are constant-time; unknown users cost as much as known ones.
 */
public final class PasswordHasher {
  /** The iteration count for new hashes. */
  public static final int ITERATIONS = 600_000;
  private static final String PREFIX = "$pbkdf2-sha256$";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final int iterations;
  private final SecureRandom random;
  private volatile String dummy;

  /** A hasher with {@link #ITERATIONS}. */
  public PasswordHasher(SecureRandom random) {
    this(ITERATIONS, random);
  }

  PasswordHasher(int iterations, SecureRandom random) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    this.iterations = iterations;
    this.random = random;
  }

  /** A new salted hash of {@code password}. */
  public String hash(Password password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] h = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
  }

  /**
   * Checks {@code password} against an encoded hash.
   *
   * @throws AuthException {@code BAD_CREDENTIALS} when it does not match or the hash is unreadable
   */
  public void verify(Password password, String encoded) {
    String[] parts = encoded.startsWith(PREFIX) ? encoded.substring(PREFIX.length()).split("\\$") : new String[0];
    if (parts.length != 3) {
      throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "unreadable password hash");
    }
    int n;
    byte[] salt;
    byte[] expected;
    try {
      n = Integer.parseInt(parts[0]);
      salt = Base64.getDecoder().decode(parts[1]);
      expected = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "unreadable password hash");
    }
    if (n < 1 || n > 10_000_000 || expected.length == 0) {
      throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "unreadable password hash");
    }
    byte[] actual = derive(password, salt, n, expected.length);
    if (!MessageDigest.isEqual(actual, expected)) {
      throw new AuthException(AuthException.Failure.BAD_CREDENTIALS, "wrong password");
    }
  }

  /** Spends the time of one verification, for unknown users; always fails. */
  public AuthException unknownUser(Password password) {
    String d = dummy;
    if (d == null) {
      d = hash(Password.of("not a password"));
      dummy = d;
    }
    try {
      verify(password, d);
    } catch (AuthException e) {
      // expected
    }
    return new AuthException(AuthException.Failure.BAD_CREDENTIALS, "unknown user");
  }

  private static byte[] derive(Password password, byte[] salt, int iterations) {
    return derive(password, salt, iterations, HASH_BYTES);
  }

  private static byte[] derive(Password password, byte[] salt, int iterations, int length) {
    char[] chars = password.chars();
    // PBEKeySpec takes chars; the JDK encodes them as UTF-8 for PBKDF2WithHmacSHA256
    var spec = new PBEKeySpec(chars, salt, iterations, length * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }
}
