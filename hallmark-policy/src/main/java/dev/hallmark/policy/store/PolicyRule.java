package dev.hallmark.policy.store;

import dev.hallmark.policy.Policy;
import dev.hallmark.policy.ScopedPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored policy rule: the policy of one scope, and who set it when.
 *
 * @param updatedBy the user who set it, or {@code server flags} when {@code hallmark server} did
 */
public record PolicyRule(ScopedPolicy scoped, Instant updatedAt, String updatedBy) {
  public PolicyRule {
    Objects.requireNonNull(scoped);
    Objects.requireNonNull(updatedAt);
    Objects.requireNonNull(updatedBy);
  }

  /** The scope: {@code ""} for the global default. */
  public String scope() {
    return scoped.scope();
  }

  public Policy policy() {
    return scoped.policy();
  }
}
