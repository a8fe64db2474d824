package dev.hallmark.signer;

import java.util.Objects;

/** A key operation the signer could not perform, with the kind of failure callers branch on. */
public final class SignerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong; the comments give the gRPC status notary-signer answers with. */
  public enum ErrorKind {
    /** No key with the requested ID (gRPC {@code NotFound}). */
    KEY_NOT_FOUND,
    /** A key algorithm the signer does not create (gRPC {@code Unknown}). */
    UNSUPPORTED_ALGORITHM,
    /**
     * No passphrase is configured for the alias a key was encrypted under, or the configured one
     * does not decrypt it (gRPC {@code Internal}).
     */
    BAD_PASSPHRASE,
    /** The key store cannot be reached or failed (gRPC {@code Internal}). */
    UNAVAILABLE,
    /** The platform's cryptography failed unexpectedly (gRPC {@code Internal}). */
    INTERNAL
  }

  private final ErrorKind kind;

  /** A failure of the given kind; the message must not contain key material or passphrases. */
  public SignerException(ErrorKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind);
  }

  /** A failure of the given kind with its cause. */
  public SignerException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind);
  }

  /** The kind of failure. */
  public ErrorKind kind() {
    return kind;
  }
}
