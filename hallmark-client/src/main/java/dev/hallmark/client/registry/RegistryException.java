package dev.hallmark.client.registry;

/** A registry request failed, or pulled content did not match its digest; {@code status} 0 when no response. */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public RegistryException(int status, String message) {
    super(message);
    this.status = status;
  }

  public RegistryException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the failed request, 0 when there was none (I/O error, digest mismatch). */
  public int status() {
    return status;
  }
}
