package dev.hallmark.policy.admission;

import java.util.Objects;

/** A request the webhook refuses before any policy decision, with its {@link ErrorCode}. */
final class AdmissionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  AdmissionException(ErrorCode code, String message) {
    super(Objects.requireNonNull(message));
    this.code = Objects.requireNonNull(code);
  }

  AdmissionException(ErrorCode code, String message, Throwable cause) {
    super(Objects.requireNonNull(message), cause);
    this.code = Objects.requireNonNull(code);
  }

  ErrorCode code() {
    return code;
  }
}
