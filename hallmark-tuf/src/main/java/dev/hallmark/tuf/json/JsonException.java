package dev.hallmark.tuf.json;

/** Bytes that are not JSON we accept: malformed, too deep, too large, duplicate members, fractions. */
public final class JsonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JsonException(String message) {
    super(message);
  }

  public JsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
