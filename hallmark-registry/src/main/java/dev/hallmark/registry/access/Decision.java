package dev.hallmark.registry.access;

import java.util.Objects;

/** The answer of a {@link ScopeCheck}. */
public sealed interface Decision {
  /** Go ahead; {@code subject} names who (for the access log), e.g. a user name or {@code anonymous}. */
  record Allowed(String subject) implements Decision {
    public Allowed {
      Objects.requireNonNull(subject);
    }
  }

  /**
   * Refused.
   *
   * @param authenticate true: no or bad credentials, answered 401 {@code UNAUTHORIZED} with
   *     {@code challenge} as {@code WWW-Authenticate}; false: 403 {@code DENIED}
   * @param challenge e.g. {@code Bearer realm="https://r/auth/token",service="r",scope="repository:a:pull"}; may be empty for 403
   */
  record Denied(boolean authenticate, String challenge, String message) implements Decision {
    public Denied {
      Objects.requireNonNull(challenge);
      Objects.requireNonNull(message);
    }
  }
}
