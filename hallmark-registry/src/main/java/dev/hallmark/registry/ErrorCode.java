package dev.hallmark.registry;

/**
 * The error codes of the distribution spec ("Error Codes") with their HTTP status and message, as
 * distribution 2.8 sends them (registry/api/v2/errors.go). The wire code is {@link #name()}.
 */
public enum ErrorCode {
  /** Blob unknown to registry. */
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  /** The upload is invalid: a bad chunk, a size mismatch, or the upload was reused. */
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  /** The upload session does not exist (finished, cancelled or never started). */
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  /** The content does not match the digest, or the digest is malformed. */
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  /** The manifest references a blob the repository does not hold. */
  MANIFEST_BLOB_UNKNOWN(400, "blob unknown to registry"),
  /** The manifest is malformed or of an unsupported type. */
  MANIFEST_INVALID(400, "manifest invalid"),
  /** No manifest under this tag or digest. */
  MANIFEST_UNKNOWN(404, "manifest unknown"),
  /**
   * The tag cannot be used for this manifest. Besides the spec's "manifest tag did not match URI", a
   * repository with immutable tags answers it to a push that would move a tag, as Amazon ECR does
   * ({@code tag invalid: The image tag '…' already exists … and cannot be overwritten}): the request is
   * wrong for the tag, not the pusher's rights, so docker shows {@code tag invalid: <message>} rather than
   * the {@code denied} that sends users to check their login.
   */
  TAG_INVALID(400, "manifest tag did not match URI"),
  /** The repository name is malformed. */
  NAME_INVALID(400, "invalid repository name"),
  /** The repository does not exist. */
  NAME_UNKNOWN(404, "repository name not known to registry"),
  /** A given size does not match the content. */
  SIZE_INVALID(400, "provided length did not match content length"),
  /** The manifest is larger than the registry accepts. */
  MANIFEST_TOO_LARGE(413, "manifest too large"),
  /** Authentication is required. */
  UNAUTHORIZED(401, "authentication required"),
  /** Access to the resource is denied. */
  DENIED(403, "requested access to the resource is denied"),
  /** The operation is not supported (e.g. deleting when deletes are off). */
  UNSUPPORTED(405, "The operation is unsupported."),
  /** The requested range cannot be served, or a chunk is out of order. */
  RANGE_INVALID(416, "invalid content range"),
  /** The {@code n} pagination parameter is invalid (distribution 2.8). */
  PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
  /** Too many requests. */
  TOOMANYREQUESTS(429, "too many requests"),
  /** An unexpected server failure. */
  UNKNOWN(500, "unknown error");

  private final int httpStatus;
  private final String message;

  ErrorCode(int httpStatus, String message) {
    this.httpStatus = httpStatus;
    this.message = message;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The default message of the error body. */
  public String message() {
    return message;
  }

  /** The code on the wire; {@code MANIFEST_TOO_LARGE} goes out as {@code SIZE_INVALID} with status 413. */
  public String wireCode() {
    return this == MANIFEST_TOO_LARGE ? "SIZE_INVALID" : name();
  }
}
