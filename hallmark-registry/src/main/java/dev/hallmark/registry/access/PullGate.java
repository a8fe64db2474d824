package dev.hallmark.registry.access;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ManifestReference;
import java.util.Optional;

/**
 * Pull-time enforcement: asked before a manifest is served (GET or HEAD, by tag or digest) whether
 * the digest may be served from the repository. A denial is answered {@code 403 DENIED} with the reason
 * as the error message.
 */
@FunctionalInterface
public interface PullGate {
  /** Serves every manifest. */
  PullGate OPEN = (host, repository, requested, digest) -> Optional.empty();

  /**
   * @param host the {@code Host} the client used (part of the trust collection's name), e.g.
   *     {@code registry.example:5000}
   * @param requested the tag or digest in the request
   * @param digest the digest of the manifest that would be served
   * @return the reason to refuse, or empty to serve
   */
  Optional<String> denial(String host, String repository, ManifestReference requested, Digest digest);
}
