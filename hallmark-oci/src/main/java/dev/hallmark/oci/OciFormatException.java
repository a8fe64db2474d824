package dev.hallmark.oci;

/** Input that is not a valid OCI value: a malformed digest, name, tag, media type or manifest. */
public final class OciFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, in words fit for an error body. */
  public OciFormatException(String message) {
    super(message);
  }

  OciFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
