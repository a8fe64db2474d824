package dev.hallmark.client;

import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.TufCodec;
import java.util.Map;

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

  /**
   * Publishes metadata files in one request (reference storage/httpstore.go {@code SetMulti}): the
   * server accepts all of them or none.
   *
   * @throws TrustException {@link TrustFailure.Invalid} when the server rejects the update, or a
   *     transport failure as {@link #fetch}
   */
  default void publish(Gun gun, Map<RoleName, Bytes> files) {
    throw new UnsupportedOperationException("this store cannot publish");
  }

  /** The public key the server holds for a role ({@code GET <role>.key}). @throws TrustException as {@link #fetch} */
  default PublicKey serverKey(Gun gun, RoleName role) {
    return TufCodec.decodePublicKey(fetch(gun, role.value() + ".key", 1 << 20));
  }

  /** Asks the server for a new key for a role it holds ({@code POST <role>.key}). @throws TrustException */
  default PublicKey rotateServerKey(Gun gun, RoleName role) {
    throw new UnsupportedOperationException("this store cannot rotate keys");
  }

  /** Deletes all trust data of a collection on the server ({@code DELETE}). @throws TrustException */
  default void deleteAll(Gun gun) {
    throw new UnsupportedOperationException("this store cannot delete");
  }

  @Override
  default void close() {}
}
