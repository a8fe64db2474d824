package dev.hallmark.client;

import java.util.Objects;

/**
 * Trust data that could not be fetched or trusted. The message follows notary 0.7's text where
 * notary prints one; {@link #failure()} says what happened in a form callers can branch on.
 */
public final class TrustException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient TrustFailure failure;

  public TrustException(TrustFailure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure);
  }

  public TrustException(TrustFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure);
  }

  /** What went wrong. */
  public TrustFailure failure() {
    return failure;
  }

  /** Whether the failure is the server being unreachable, not a statement by the server. */
  public boolean isNetwork() {
    return switch (failure) {
      case TrustFailure.NotFound n -> true;
      case TrustFailure.Unavailable u -> true;
      case TrustFailure.Timeout t -> true;
      case TrustFailure.Unauthorized u -> false;
      case TrustFailure.TooLarge t -> false;
      case TrustFailure.LengthMismatch l -> false;
      case TrustFailure.Invalid i -> false;
      case TrustFailure.Rollback r -> false;
      case TrustFailure.Expired e -> false;
      case TrustFailure.UntrustedRoot u -> false;
      case TrustFailure.UnknownRole u -> false;
      case TrustFailure.TargetNotFound t -> false;
      case TrustFailure.LocalStorage l -> false;
    };
  }
}
