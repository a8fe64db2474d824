package dev.hallmark.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest, {@code algorithm:hex} (OCI image spec descriptor.md "Digests"); only the
 * registered algorithms sha256 and sha512, with lowercase hex of the exact length.
 *
 * {@snippet :
 * Digest d = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * }
 */
public record Digest(Algorithm algorithm, String hex) implements ManifestReference {
  /** The digest algorithms registries must accept. */
  public enum Algorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String wireName;
    private final String jcaName;
    private final int hexLength;

    Algorithm(String wireName, String jcaName, int hexLength) {
      this.wireName = wireName;
      this.jcaName = jcaName;
      this.hexLength = hexLength;
    }

    /** The name in a digest string, e.g. {@code sha256}. */
    public String wireName() {
      return wireName;
    }

    /** A fresh hasher for this algorithm. */
    public MessageDigest newHasher() {
      try {
        return MessageDigest.getInstance(jcaName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks " + jcaName, e);
      }
    }

    static Algorithm fromWire(String name) {
      for (Algorithm a : values()) {
        if (a.wireName.equals(name)) {
          return a;
        }
      }
      throw new OciFormatException("unsupported digest algorithm: " + truncate(name));
    }
  }

  public Digest {
    Objects.requireNonNull(algorithm);
    Objects.requireNonNull(hex);
    if (hex.length() != algorithm.hexLength || !isLowerHex(hex)) {
      throw new OciFormatException("invalid " + algorithm.wireName + " digest: " + truncate(hex));
    }
  }

  /** Parses {@code algorithm:hex}. @throws OciFormatException when malformed or of an unsupported algorithm */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new OciFormatException("invalid digest: " + truncate(text));
    }
    return new Digest(Algorithm.fromWire(text.substring(0, colon)), text.substring(colon + 1));
  }

  /** The digest of a finished hasher. */
  public static Digest of(Algorithm algorithm, MessageDigest finished) {
    return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
  }

  /** The sha256 digest of some bytes. */
  public static Digest sha256(byte[] content) {
    return new Digest(Algorithm.SHA256, HexFormat.of().formatHex(Algorithm.SHA256.newHasher().digest(content)));
  }

  /** The digest of {@code content} with this digest's algorithm. */
  public Digest recompute(byte[] content) {
    return new Digest(algorithm, HexFormat.of().formatHex(algorithm.newHasher().digest(content)));
  }

  @Override
  public String toString() {
    return algorithm.wireName + ":" + hex;
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static String truncate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
