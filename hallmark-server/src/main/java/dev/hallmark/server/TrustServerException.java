package dev.hallmark.server;

import dev.hallmark.tuf.json.Json;
import java.util.Objects;

/**
 * A failed trust API request: its {@link ErrorCode} and the {@code detail} JSON sent with it.
 *
 * <p>The one error type handlers throw; the HTTP layer turns it into the error body once.
 */
public final class TrustServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final transient Json detail;

  private TrustServerException(ErrorCode code, Json detail, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
    this.detail = detail;
  }

  /** An error without detail. */
  public static TrustServerException of(ErrorCode code) {
    return new TrustServerException(code, null, code.message(), null);
  }

  /** An error with a JSON detail. */
  public static TrustServerException of(ErrorCode code, Json detail) {
    return new TrustServerException(code, detail, code.message() + " " + detail, null);
  }

  /** An error with a string detail. */
  public static TrustServerException of(ErrorCode code, String detail) {
    return new TrustServerException(code, Json.of(detail), code.message() + ": " + detail, null);
  }

  /**
   * An error whose body has no detail, as the reference sends it, with the reason kept for the log
   * (e.g. why a part is not JSON: notary's {@code MALFORMED_JSON} body says nothing more).
   */
  public static TrustServerException withoutDetail(ErrorCode code, String reason) {
    return new TrustServerException(code, null, code.message() + ": " + reason, null);
  }

  /** An error with an empty-object detail, as the reference sends for storage errors. */
  public static TrustServerException withEmptyDetail(ErrorCode code) {
    return new TrustServerException(code, Json.object().build(), code.message(), null);
  }

  /** An internal failure. */
  public static TrustServerException internal(ErrorCode code, String detail, Throwable cause) {
    return new TrustServerException(code, Json.of(detail), detail, cause);
  }

  /**
   * A rejected update: {@code INVALID_UPDATE} with the reference's typed detail
   * {@code {"Name":name,"Error":{"Msg":msg}}}.
   */
  public static TrustServerException invalidUpdate(String name, String msg) {
    return of(ErrorCode.INVALID_UPDATE, Json.object()
        .put("Name", Json.of(name))
        .put("Error", Json.object().put("Msg", Json.of(msg)).build())
        .build());
  }

  public ErrorCode code() {
    return code;
  }

  /** The detail JSON, or {@code null} when the body has none. */
  public Json detail() {
    return detail;
  }
}
