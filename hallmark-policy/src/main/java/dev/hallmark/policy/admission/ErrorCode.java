package dev.hallmark.policy.admission;

/**
 * Why the webhook could not answer with an AdmissionReview, and the HTTP status it sends instead.
 * Kubernetes counts any non-200 answer as a failed call and lets the webhook's {@code failurePolicy}
 * decide; the JSON body is for the person reading the apiserver's log.
 */
enum ErrorCode {
  /** The body is not JSON. */
  MALFORMED_JSON(400),
  /** The body is JSON but not an AdmissionReview this webhook can answer (missing uid, wrong kind, …). */
  INVALID_REVIEW(400),
  /** The body is larger than the configured limit. */
  BODY_TOO_LARGE(400),
  /** Only POST is served. */
  METHOD_NOT_ALLOWED(405),
  /** The apiserver sends {@code application/json}; nothing else is read. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** A bug or an unexpected failure; logged with its stack trace. */
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  int httpStatus() {
    return httpStatus;
  }
}
