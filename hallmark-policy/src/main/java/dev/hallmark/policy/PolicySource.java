package dev.hallmark.policy;

/** Which policy applies to a repository: the most specific scope that covers it, else the global default. */
public interface PolicySource {
  /** @param repository a registry repository path without host, e.g. {@code dev/nginx} */
  ScopedPolicy policyFor(String repository);

  /** A fixed policy for every repository (tests, the client's {@code --require-team} alone). */
  static PolicySource fixed(Policy policy) {
    ScopedPolicy p = new ScopedPolicy("", policy);
    return repository -> p;
  }
}
