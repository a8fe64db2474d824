package dev.hallmark.policy.admission;

/** The operation an admission request is about ({@code request.operation}, admission/v1 Operation). */
enum Operation {
  CREATE,
  UPDATE,
  DELETE,
  CONNECT;

  /** Whether a request with this operation can start containers, so its images are evaluated. */
  boolean evaluated() {
    return switch (this) {
      case CREATE, UPDATE -> true;
      case DELETE, CONNECT -> false;
    };
  }
}
