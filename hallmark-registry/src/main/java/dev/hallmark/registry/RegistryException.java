package dev.hallmark.registry;

import java.util.Objects;
import java.util.Optional;

/** A request the registry refuses, with its distribution error code and an optional detail text. */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final String detail;

  private RegistryException(ErrorCode code, String message, String detail, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
    this.detail = detail;
  }

  /** The code's default message, no detail. */
  public static RegistryException of(ErrorCode code) {
    return new RegistryException(code, code.message(), null, null);
  }

  /** The code's default message and a detail (e.g. the digest or name concerned). */
  public static RegistryException of(ErrorCode code, String detail) {
    return new RegistryException(code, code.message(), detail, null);
  }

  /** A specific message, no detail. */
  public static RegistryException withMessage(ErrorCode code, String message) {
    return new RegistryException(code, message, null, null);
  }

  /** A specific message and detail. */
  public static RegistryException of(ErrorCode code, String message, String detail) {
    return new RegistryException(code, message, detail, null);
  }

  /** A server failure with its cause (logged once, at the HTTP edge). */
  public static RegistryException failure(String message, Throwable cause) {
    return new RegistryException(ErrorCode.UNKNOWN, message, null, cause);
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }
}
