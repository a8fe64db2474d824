package dev.hallmark.accounts;

import java.util.Objects;

/** An account operation failed; {@link #code()} says how, with its HTTP status. */
public final class AccountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Error codes of the accounts API (DTR-style names) and their HTTP status. */
  public enum Code {
    INVALID_NAME(400), INVALID_PASSWORD(400), INVALID_JSON(400), INVALID_ARGUMENT(400),
    NOT_AUTHENTICATED(401), NOT_AUTHORIZED(403),
    NO_SUCH_ACCOUNT(404), NO_SUCH_TEAM(404), NO_SUCH_REPOSITORY(404), NO_SUCH_MEMBER(404), NO_SUCH_CERTIFICATE(404), NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    ACCOUNT_EXISTS(409), TEAM_EXISTS(409), REPOSITORY_EXISTS(409), CONFLICT(409),
    UNAVAILABLE(503);

    private final int httpStatus;

    Code(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Code code;

  public AccountException(Code code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code);
  }

  public Code code() {
    return code;
  }
}
