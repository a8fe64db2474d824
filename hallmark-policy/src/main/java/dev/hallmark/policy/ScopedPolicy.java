package dev.hallmark.policy;

import java.util.Objects;

/**
 * A policy and the scope it was set for: {@code ""} for the global default, an organisation
 * ({@code dev}) or a repository prefix ({@code dev/nginx}, matched by whole path components).
 */
public record ScopedPolicy(String scope, Policy policy) {
  public ScopedPolicy {
    Objects.requireNonNull(scope);
    Objects.requireNonNull(policy);
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
