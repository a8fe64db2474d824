package dev.hallmark.policy;

import dev.hallmark.tuf.KeyId;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * Key to certificate to user to teams, evaluated now. Keys are named by their canonical key ID
 * ({@link dev.hallmark.tuf.PublicKey#canonicalId()}: the ID of the bare public key, the same for a
 * certificate and for the key inside it), so a delegation made with a bundle certificate and one made
 * with its public key identify the same person.
 */
public interface Directory {
  /**
   * The user whose valid (issued by the server CA, not revoked, not expired) certificate carries the
   * key, with their current teams; empty when no user holds it.
   *
   * @throws DirectoryException when the directory cannot be asked (the decision then fails closed)
   */
  Optional<Signer> identify(KeyId canonicalKeyId);

  /** Identifies several keys at once (one round trip for remote directories). */
  default Map<KeyId, Signer> identifyAll(Set<KeyId> canonicalKeyIds) {
    var out = new java.util.LinkedHashMap<KeyId, Signer>();
    for (KeyId k : canonicalKeyIds) {
      identify(k).ifPresent(s -> out.put(k, s));
    }
    return out;
  }

  /** Thrown when the directory is unavailable. */
  final class DirectoryException extends RuntimeException {
    public DirectoryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
