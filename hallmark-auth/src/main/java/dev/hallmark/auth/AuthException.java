package dev.hallmark.auth;

import java.util.Objects;

/** Authentication or authorization failed; {@link #failure()} says how, for the challenge's {@code error}. */
public final class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The ways a credential can fail. */
  public enum Failure {
    /** A bearer token that is malformed, unverifiable, expired or for another service. */
    INVALID_TOKEN("invalid_token"),
    /** A valid token that lacks a required access. */
    INSUFFICIENT_SCOPE("insufficient_scope"),
    /** Unknown user or wrong password. */
    BAD_CREDENTIALS("invalid_client");

    private final String wire;

    Failure(String wire) {
      this.wire = wire;
    }

    /** The {@code error} value of a challenge (RFC 6750) or token endpoint answer. */
    public String wireName() {
      return wire;
    }
  }

  private final Failure failure;

  public AuthException(Failure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure);
  }

  public Failure failure() {
    return failure;
  }
}
