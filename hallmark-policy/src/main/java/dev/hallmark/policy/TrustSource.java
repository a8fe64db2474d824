package dev.hallmark.policy;

import dev.hallmark.client.TrustException;
import dev.hallmark.tuf.Gun;

/** Where the evaluator gets verified trust data: the server's own store, or a trust server over HTTPS. */
public interface TrustSource {
  /**
   * The verified trust data of a collection.
   *
   * @throws TrustException when there is none ({@code NotFound}), it does not verify, or it cannot be read
   */
  TrustData trust(Gun gun);
}
