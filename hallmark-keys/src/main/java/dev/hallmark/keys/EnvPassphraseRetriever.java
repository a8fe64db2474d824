package dev.hallmark.keys;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Passphrases from environment variables, falling back to another retriever. A value is returned for
 * attempts 0 and 1; from attempt 2 on the answer is to give up, which turns a wrong passphrase into
 * "password invalid, operation has failed." (reference cmd/notary/main.go).
 */
final class EnvPassphraseRetriever implements PassphraseRetriever {
  private static final Set<String> BASE_ROLES = Set.of("root", "targets", "snapshot", "timestamp");

  /** alias → value; empty values count as unset, as in the reference. */
  private final Map<String, String> byAlias;
  /** value for other aliases, or null. */
  private final String otherAliases;
  /** aliases the fallback value never applies to. */
  private final Set<String> otherExcludes;
  private final PassphraseRetriever fallback;

  private EnvPassphraseRetriever(Map<String, String> byAlias, String otherAliases, Set<String> otherExcludes,
      PassphraseRetriever fallback) {
    this.byAlias = Map.copyOf(byAlias);
    this.otherAliases = otherAliases == null || otherAliases.isEmpty() ? null : otherAliases;
    this.otherExcludes = otherExcludes;
    this.fallback = Objects.requireNonNull(fallback);
  }

  static EnvPassphraseRetriever notary(Map<String, String> env, PassphraseRetriever fallback) {
    var values = new java.util.HashMap<String, String>();
    put(values, "root", env.get("NOTARY_ROOT_PASSPHRASE"));
    put(values, "targets", env.get("NOTARY_TARGETS_PASSPHRASE"));
    put(values, "snapshot", env.get("NOTARY_SNAPSHOT_PASSPHRASE"));
    put(values, "delegation", env.get("NOTARY_DELEGATION_PASSPHRASE"));
    // the delegation variable also serves names like "alice" or "", but never a base role
    return new EnvPassphraseRetriever(values, env.get("NOTARY_DELEGATION_PASSPHRASE"), BASE_ROLES, fallback);
  }

  static EnvPassphraseRetriever docker(Map<String, String> env, PassphraseRetriever fallback) {
    var values = new java.util.HashMap<String, String>();
    String repository = env.get("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE");
    put(values, "root", env.get("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE"));
    put(values, "snapshot", repository);
    put(values, "targets", repository);
    put(values, "default", repository);
    return new EnvPassphraseRetriever(values, repository, Set.of("root"), fallback);
  }

  private static void put(Map<String, String> values, String alias, String value) {
    if (value != null && !value.isEmpty()) {
      values.put(alias, value);
    }
  }

  @Override
  public PassphraseAnswer answer(PassphraseRequest request) {
    String value = byAlias.get(request.alias());
    if (value == null && otherAliases != null && !otherExcludes.contains(request.alias())) {
      value = otherAliases;
    }
    if (value == null) {
      return fallback.answer(request);
    }
    if (request.attempt() > 1) {
      return new PassphraseAnswer.GiveUp("password invalid, operation has failed.");
    }
    return PassphraseAnswer.given(Passphrase.of(value));
  }

  @Override
  public String toString() {
    return "EnvPassphraseRetriever[aliases=" + byAlias.keySet() + "]";
  }
}
