package dev.hallmark.policy.admission;

import java.util.Objects;

/**
 * The type of the object under admission ({@code request.kind}), e.g. {@code apps/v1 Deployment}; the
 * core group is the empty string.
 */
record GroupVersionKind(String group, String version, String kind) {
  GroupVersionKind {
    Objects.requireNonNull(group);
    Objects.requireNonNull(version);
    Objects.requireNonNull(kind);
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "" : group + "/") + version + " " + kind;
  }
}
