package dev.hallmark.signer;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The passphrases that protect the signer's private keys at rest, each under an alias, and the alias
 * new keys are encrypted under (notary-signer's {@code storage.default_alias} with its
 * {@code NOTARY_SIGNER_<ALIAS>} variables). Each stored key remembers its alias, so keys made
 * before the default changed stay readable as long as their alias is still configured.
 *
 * <p>Holds secrets: it has no revealing {@code toString}, no {@code equals} or {@code hashCode}, and
 * the passphrases can be read only inside this package.
 *
 * {@snippet :
 * var aliases = PassphraseAliases.of("alias2", Map.of(
 *     "alias1", System.getenv("NOTARY_SIGNER_ALIAS1").toCharArray(),
 *     "alias2", System.getenv("NOTARY_SIGNER_ALIAS2").toCharArray()));
 * }
 */
public final class PassphraseAliases {
  // notary-signer's passphrase_alias column is varchar(50); the alias names an environment variable
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_.-]{1,50}");

  private final String defaultAlias;
  private final Map<String, char[]> passphrases;

  private PassphraseAliases(String defaultAlias, Map<String, char[]> passphrases) {
    this.defaultAlias = defaultAlias;
    this.passphrases = passphrases;
  }

  /**
   * Passphrases by alias, copied (the caller may clear its arrays afterwards).
   *
   * @throws IllegalArgumentException when an alias is not 1 to 50 of {@code [A-Za-z0-9_.-]}, a
   *     passphrase is empty, or the default alias has no passphrase ("must provide a default alias
   *     for the key DB", as notary-signer refuses to start)
   */
  public static PassphraseAliases of(String defaultAlias, Map<String, char[]> passphrases) {
    Objects.requireNonNull(defaultAlias);
    Map<String, char[]> copy = new TreeMap<>();
    passphrases.forEach((alias, secret) -> {
      if (!ALIAS.matcher(alias).matches()) {
        throw new IllegalArgumentException("invalid passphrase alias: " + alias);
      }
      if (secret.length == 0) {
        throw new IllegalArgumentException("empty passphrase for alias " + alias);
      }
      copy.put(alias, secret.clone());
    });
    if (!copy.containsKey(defaultAlias)) {
      throw new IllegalArgumentException(
          "must provide a default alias for the key DB: no passphrase for alias " + defaultAlias);
    }
    return new PassphraseAliases(defaultAlias, copy);
  }

  /** One alias with its passphrase, which is also the default. */
  public static PassphraseAliases of(String alias, char[] passphrase) {
    return of(alias, Map.of(alias, passphrase));
  }

  /** The alias new keys are encrypted under. */
  public String defaultAlias() {
    return defaultAlias;
  }

  /** The configured aliases (not their passphrases). */
  public Set<String> aliases() {
    return Set.copyOf(passphrases.keySet());
  }

  /** Whether the alias has a passphrase. */
  boolean has(String alias) {
    return passphrases.containsKey(alias);
  }

  /**
   * A copy of the alias's passphrase, which the caller clears after use; the only way to read one.
   *
   * @throws SignerException of kind {@code BAD_PASSPHRASE} when the alias has none
   */
  char[] passphrase(String alias) {
    char[] secret = passphrases.get(alias);
    if (secret == null) {
      throw new SignerException(
          SignerException.ErrorKind.BAD_PASSPHRASE, "no passphrase configured for alias " + alias);
    }
    return secret.clone();
  }

  @Override
  public String toString() {
    return "PassphraseAliases[default=" + defaultAlias + ", aliases=" + passphrases.keySet() + "]";
  }
}
