package dev.hallmark.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A bearer token whose signature, issuer, audience and validity period were checked.
 *
 * @param subject the {@code sub} claim; empty for anonymous tokens
 * @param access the {@code access} claim (known actions only)
 */
public record VerifiedToken(String subject, List<Scope> access) {
  public VerifiedToken {
    Objects.requireNonNull(subject);
    access = List.copyOf(access);
  }

  /**
   * Checks that every access in {@code required} is granted; a granted {@code *} covers any action.
   *
   * @throws AuthException {@code INSUFFICIENT_SCOPE} naming the first missing access
   */
  public void requireAll(List<Access> required) {
    List<Access> missing = new ArrayList<>();
    for (Access a : required) {
      if (access.stream().noneMatch(s -> s.grants(a))) {
        missing.add(a);
      }
    }
    if (!missing.isEmpty()) {
      throw new AuthException(AuthException.Failure.INSUFFICIENT_SCOPE, "token lacks " + Access.toScopes(missing));
    }
  }
}
