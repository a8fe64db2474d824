package dev.hallmark.signer;

import java.security.PrivateKey;

/**
 * A held key with its decrypted private part, as the signer caches it. Not a record and without
 * {@code toString}, {@code equals} or {@code hashCode}, so the private key cannot leak through them.
 */
final class UnlockedKey {
  private final SignerKey key;
  private final PrivateKey privateKey;
  /** When this process last recorded a use in the database; {@code null} before the first. */
  private volatile java.time.Instant recordedUse;

  UnlockedKey(SignerKey key, PrivateKey privateKey) {
    this.key = key;
    this.privateKey = privateKey;
  }

  SignerKey key() {
    return key;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * Whether a use at {@code now} should be written to the database: the first use in this process
   * (which takes the key out of {@code createKey}'s reach) and then at most once per {@code interval}.
   */
  boolean shouldRecordUse(java.time.Instant now, java.time.Duration interval) {
    java.time.Instant last = recordedUse;
    return last == null || !now.isBefore(last.plus(interval));
  }

  void recordedUse(java.time.Instant at) {
    recordedUse = at;
  }
}
