package dev.hallmark.signer;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import java.util.Objects;

/**
 * The public facts about a key the signer holds: what notary-signer's {@code GetKeyInfo} answers,
 * plus the GUN it was created for.
 *
 * @param id the TUF key ID of {@code publicKey}
 * @param publicKey the public key as metadata lists it
 * @param gun the trust collection the key was created for
 * @param role the role the key was created for
 * @param algorithm the algorithm of the key
 */
public record SignerKey(KeyId id, PublicKey publicKey, Gun gun, RoleName role, KeyAlgorithm algorithm) {
  /** @throws IllegalArgumentException when the ID or algorithm does not match the public key */
  public SignerKey {
    Objects.requireNonNull(id);
    Objects.requireNonNull(publicKey);
    Objects.requireNonNull(gun);
    Objects.requireNonNull(role);
    Objects.requireNonNull(algorithm);
    if (publicKey.type() != algorithm.keyType()) {
      throw new IllegalArgumentException("key type " + publicKey.type().wireName() + " is not " + algorithm.wireName());
    }
    if (!publicKey.id().equals(id)) {
      throw new IllegalArgumentException("key ID " + id + " does not match the public key");
    }
  }
}
