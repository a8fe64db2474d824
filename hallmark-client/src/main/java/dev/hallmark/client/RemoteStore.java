package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;

/**
 * Where trust metadata comes from: the {@code /v2/<gun>/_trust/tuf/} files of a notary-compatible
 * trust server. Nothing fetched is trusted; the update workflow verifies it.
 */
public interface RemoteStore extends AutoCloseable {

  /**
   * Fetches one metadata file, e.g. {@code timestamp.json}, {@code 3.root.json} or
   * {@code targets/releases.<sha256hex>.json}, refusing more than {@code maxBytes} bytes.
   *
   * @throws TrustException {@link TrustFailure.NotFound}, {@link TrustFailure.Unauthorized},
   *     {@link TrustFailure.Unavailable}, {@link TrustFailure.Timeout} or {@link TrustFailure.TooLarge}
   */
  Bytes fetch(Gun gun, String fileName, long maxBytes);

  /** The server as messages name it, e.g. {@code notary.example.com:4443}. */
  String address();

  @Override
  default void close() {}
}
