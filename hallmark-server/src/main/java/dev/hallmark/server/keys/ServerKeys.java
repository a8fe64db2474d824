package dev.hallmark.server.keys;

import dev.hallmark.server.publish.ServerSigning;
import dev.hallmark.server.store.MetadataStore;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.TufCodec;
import java.io.IOException;
import java.util.Optional;

/**
 * The key endpoints: the public key the server signs a GUN's timestamp or snapshot with (GET), and
 * a new key for rotation (POST), which becomes active only when a published root lists it.
 */
public final class ServerKeys {
  private final MetadataStore store;
  private final ServerSigning signing;

  public ServerKeys(MetadataStore store, ServerSigning signing) {
    this.store = store;
    this.signing = signing;
  }

  /** The key in use for the role, created on first request. */
  public PublicKey current(Gun gun, RoleName role) throws IOException {
    Optional<Root> root = store.latest(gun, RoleName.ROOT).map(f -> TufCodec.decodeRoot(f.data()).signed());
    return signing.currentKey(gun, role, root);
  }

  /** A new key for the role. */
  public PublicKey rotate(Gun gun, RoleName role) {
    return signing.newKey(gun, role);
  }
}
