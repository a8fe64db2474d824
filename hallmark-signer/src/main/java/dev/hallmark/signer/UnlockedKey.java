package dev.hallmark.signer;

import java.security.PrivateKey;

/**
 * A held key with its decrypted private part, as the signer caches it. Not a record and without
 * {@code toString}, {@code equals} or {@code hashCode}, so the private key cannot leak through them.
 */
final class UnlockedKey {
  private final SignerKey key;
  private final PrivateKey privateKey;

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
}
