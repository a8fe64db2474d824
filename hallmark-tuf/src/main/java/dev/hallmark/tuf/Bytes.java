package dev.hallmark.tuf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** An immutable byte string: metadata files, public keys, signatures, digests. */
public final class Bytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);
  private final byte[] value;
  private int hash;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** A copy of the given bytes. */
  public static Bytes of(byte[] value) {
    return value.length == 0 ? EMPTY : new Bytes(value.clone());
  }

  /** Takes ownership of the array: the caller must not change it afterwards. */
  public static Bytes wrap(byte[] value) {
    return new Bytes(value);
  }

  /** Decodes standard base64 with padding, as Go's {@code []byte} JSON encoding writes it. */
  public static Bytes fromBase64(String b64) {
    return new Bytes(Base64.getDecoder().decode(b64));
  }

  public static Bytes fromHex(String hex) {
    return new Bytes(HexFormat.of().parseHex(hex));
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return value.clone();
  }

  /** The bytes without copying; callers must not modify the array. */
  public byte[] unsafeArray() {
    return value;
  }

  public int length() {
    return value.length;
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(value);
  }

  public String hex() {
    return HexFormat.of().formatHex(value);
  }

  /** SHA-256 of these bytes. */
  public Bytes sha256() {
    return digest("SHA-256");
  }

  /** SHA-512 of these bytes. */
  public Bytes sha512() {
    return digest("SHA-512");
  }

  private Bytes digest(String alg) {
    try {
      return new Bytes(MessageDigest.getInstance(alg).digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " missing from the JDK", e);
    }
  }

  /** Constant-time comparison, for digests and secrets. */
  public boolean constantTimeEquals(Bytes other) {
    return MessageDigest.isEqual(value, other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(value, b.value);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(value);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return value.length <= 32 ? "Bytes[" + hex() + "]" : "Bytes[" + value.length + " bytes]";
  }
}
