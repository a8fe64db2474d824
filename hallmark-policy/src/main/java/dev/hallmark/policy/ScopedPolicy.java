package dev.hallmark.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A policy and the scope it was set for: {@code ""} for the global default, an organisation
 * ({@code dev}) or a repository prefix ({@code dev/nginx}, matched by whole path components).
 */
public record ScopedPolicy(String scope, Policy policy) {
  /** Longest scope: a repository name's limit in the distribution spec. */
  public static final int MAX_SCOPE_LENGTH = 255;

  // a path component of a repository name (distribution spec), so "_trust" can never be one
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

  public ScopedPolicy {
    checkScope(scope);
    Objects.requireNonNull(policy);
  }

  /**
   * Validates a scope: {@code ""} (global) or a repository-name prefix of whole path components, lower
   * case, at most {@value #MAX_SCOPE_LENGTH} characters; never a trust path ({@code _trust}).
   *
   * @return the scope
   * @throws IllegalArgumentException naming the problem
   */
  public static String checkScope(String scope) {
    Objects.requireNonNull(scope);
    if (scope.isEmpty()) {
      return scope;
    }
    if (scope.length() > MAX_SCOPE_LENGTH) {
      throw new IllegalArgumentException("invalid policy scope: longer than " + MAX_SCOPE_LENGTH + " characters");
    }
    for (String c : scope.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        throw new IllegalArgumentException("invalid policy scope '" + scope + "': expected an organisation or a repository"
            + " prefix like dev/nginx (lower case letters and digits, separated by '.', '_', '__' or '-', per path"
            + " component; never _trust)");
      }
    }
    return scope;
  }

  /** True when this scope covers the repository path, e.g. {@code dev} covers {@code dev/nginx}. */
  public boolean covers(String repository) {
    return scope.isEmpty() || repository.equals(scope) || repository.startsWith(scope + "/");
  }

  /** The scope as messages name it: {@code global default} or {@code policy of dev/nginx}. */
  public String describeScope() {
    return scope.isEmpty() ? "global policy" : "policy of " + scope;
  }
}
