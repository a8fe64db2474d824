package dev.hallmark.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A public key's ID as docker/libtrust computes it, the {@code kid} of distribution tokens: base32 of
 * the first 30 bytes of SHA-256 over the DER SubjectPublicKeyInfo, in 12 groups of 4 joined by
 * {@code :} (reference libtrust util.go keyIDFromCryptoKey).
 */
public record LibtrustKeyId(String value) {
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  public LibtrustKeyId {
    Objects.requireNonNull(value);
  }

  /** The ID of {@code key}. */
  public static LibtrustKeyId of(PublicKey key) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String b32 = base32(Arrays.copyOf(digest, 30));
    var sb = new StringBuilder(b32.length() + 12);
    for (int i = 0; i < b32.length(); i += 4) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(b32, i, Math.min(i + 4, b32.length()));
    }
    return new LibtrustKeyId(sb.toString());
  }

  /** RFC 4648 base32 without padding (30 bytes make exactly 48 characters). */
  private static String base32(byte[] in) {
    var sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : in) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return value;
  }
}
