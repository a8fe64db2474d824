package dev.hallmark.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A key passphrase. Held as characters, encoded as UTF-8 for key derivation exactly as Go's
 * {@code []byte(passphrase)}; never printed, compared only in constant time.
 *
 * <p>Deliberately without {@code equals}/{@code hashCode}: a passphrase must not become a map key or
 * be compared by accident. {@link #destroy()} overwrites the characters.
 */
public final class Passphrase {
  private static final Passphrase EMPTY = new Passphrase(new char[0]);
  private final char[] chars;

  private Passphrase(char[] chars) {
    this.chars = chars;
  }

  /** A passphrase holding a copy of the characters. */
  public static Passphrase of(char[] chars) {
    return new Passphrase(chars.clone());
  }

  /** A passphrase from text, e.g. an environment variable's value. */
  public static Passphrase of(String text) {
    return new Passphrase(text.toCharArray());
  }

  /** The empty passphrase: notary then writes the key unencrypted ({@code PRIVATE KEY}). */
  public static Passphrase empty() {
    return EMPTY;
  }

  /** Whether it has no characters. */
  public boolean isEmpty() {
    return chars.length == 0;
  }

  /** Number of characters, for notary's "at least 8 characters" rule. */
  public int length() {
    return chars.length;
  }

  /** A copy of the characters; the caller should wipe it after use. */
  public char[] chars() {
    return chars.clone();
  }

  /** The UTF-8 bytes; the caller should wipe them after use. */
  byte[] utf8() {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    if (buf.hasArray()) {
      Arrays.fill(buf.array(), (byte) 0);
    }
    return out;
  }

  /** Constant-time comparison of the UTF-8 bytes. */
  public boolean matches(Passphrase other) {
    byte[] a = utf8();
    byte[] b = other.utf8();
    try {
      return MessageDigest.isEqual(a, b);
    } finally {
      Arrays.fill(a, (byte) 0);
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Overwrites the characters; the passphrase is empty afterwards in effect. */
  public void destroy() {
    Arrays.fill(chars, '\0');
  }

  @Override
  public String toString() {
    return "Passphrase[redacted]";
  }
}
