package dev.hallmark.keys;

import java.util.Objects;

/** A key could not be found, read, decrypted, written or imported; {@link #kind()} says why. */
public class KeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong; messages follow notary's wording where notary has one. */
  public enum Kind {
    /** No key with that ID in the store (reference {@code ErrKeyNotFound}). */
    KEY_NOT_FOUND,
    /** The passphrase source gave up (reference {@code ErrPasswordInvalid}). */
    PASSPHRASE_INVALID,
    /** Too many passphrase attempts (reference {@code ErrAttemptsExceeded}). */
    ATTEMPTS_EXCEEDED,
    /** The passphrase does not decrypt the key; callers may ask again. */
    WRONG_PASSPHRASE,
    /** Not a private key notary can use: bad PEM, ASN.1, algorithm or curve. */
    INVALID_KEY,
    /** {@code key import} rejected every block. */
    IMPORT_FAILED
  }

  private final Kind kind;

  public KeyException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind);
  }

  public KeyException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind);
  }

  /** The reason, for callers that branch on it. */
  public Kind kind() {
    return kind;
  }

  static KeyException passphraseInvalid() {
    return new KeyException(Kind.PASSPHRASE_INVALID, "password invalid, operation has failed.");
  }

  static KeyException attemptsExceeded() {
    return new KeyException(Kind.ATTEMPTS_EXCEEDED, "maximum number of passphrase attempts exceeded");
  }
}
