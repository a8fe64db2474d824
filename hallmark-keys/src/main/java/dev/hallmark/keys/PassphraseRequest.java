package dev.hallmark.keys;

import java.util.Objects;

/**
 * One question to a {@link PassphraseRetriever}, with notary's arguments (reference
 * {@code notary.PassRetriever}).
 *
 * @param keyName what the prompt shows: a key ID, or the file name being imported
 * @param alias the key's role header ({@code root}, {@code targets}, {@code alice}, {@code ""})
 * @param createNew whether the passphrase will encrypt a key (asked twice) or decrypt one
 * @param attempt 0 for the first question, then 1, 2, … after wrong passphrases
 */
public record PassphraseRequest(String keyName, String alias, boolean createNew, int attempt) {
  public PassphraseRequest {
    Objects.requireNonNull(keyName);
    Objects.requireNonNull(alias);
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative");
    }
  }
}
