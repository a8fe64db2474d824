package dev.hallmark.signer;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signature;
import java.util.Optional;

/**
 * The keys the trust server holds for the {@code timestamp} (and, when handed over, {@code snapshot})
 * role of each GUN: the operations of notary-signer's {@code KeyManagement} and {@code Signer} gRPC
 * services (reference proto/signer.proto) that notary-server uses.
 *
 * <p>Implementations are thread-safe.
 *
 * {@snippet :
 * PublicKey key = signer.createKey(gun, RoleName.TIMESTAMP, KeyAlgorithm.ECDSA);
 * Signature sig = signer.sign(key.id(), canonicalSignedBytes);
 * }
 */
public interface Signer {
  /**
   * A key for the role of the GUN that has never signed anything: an existing one of the same
   * algorithm if there is one, otherwise a new one (reference signer/keydbstore/sql_keydbstore.go
   * {@code Create}). Repeated calls before the key signs therefore return the same key, which
   * limits how fast a client can make the server rotate.
   *
   * @throws IllegalArgumentException when the role is not {@code timestamp} or {@code snapshot}: the
   *     server never holds root, targets or delegation keys
   * @throws SignerException of kind {@code UNAVAILABLE} when the key store fails
   */
  PublicKey createKey(Gun gun, RoleName role, KeyAlgorithm algorithm);

  /**
   * The key with this ID, if the signer holds it (notary-signer {@code GetKeyInfo}).
   *
   * @throws SignerException of kind {@code UNAVAILABLE} when the key store fails
   */
  Optional<SignerKey> publicKey(KeyId id);

  /**
   * Signs a message with a held key, and marks the key used so {@link #createKey} no longer hands
   * it out. The message is the canonical JSON of a {@code signed} object, not a digest: ECDSA keys
   * sign its SHA-256 and give method {@code ecdsa} with a raw {@code r||s}; Ed25519 keys give
   * {@code eddsa}.
   *
   * @throws SignerException of kind {@code KEY_NOT_FOUND} when no key has this ID,
   *     {@code BAD_PASSPHRASE} when the key cannot be decrypted, {@code UNAVAILABLE} when the key
   *     store fails
   */
  Signature sign(KeyId id, byte[] canonicalMessage);
}
