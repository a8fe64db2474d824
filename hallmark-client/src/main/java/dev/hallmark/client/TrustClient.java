package dev.hallmark.client;

import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Optional;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Verifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A trust client for one trust directory and one trust server: updates collections with the TUF
 * workflow and answers notary's {@code list} and {@code lookup}. The write side (changelist, publish)
 * will be added here.
 *
 * {@snippet :
 * try (var client = TrustClient.builder(Path.of(System.getProperty("user.home"), ".notary"),
 *         HttpRemoteStore.builder(URI.create("https://notary.example.com:4443")).build())
 *     .build()) {
 *   Target t = client.lookup(new Gun("example.com/app"), "v1");
 * }
 * }
 *
 * <p>Thread-safe; concurrent updates of the same collection race only on whole cache files.
 */
public final class TrustClient implements AutoCloseable {
  private final MetadataCache cache;
  private final RemoteStore remote;
  private final TrustPinning pinning;
  private final Clock clock;
  private final boolean skipInvalidDelegations;
  private final Verifier verifier = new Verifier();
  private final Path trustDir;
  private final TrustDirKeyStore keys;
  private final ZoneId zone;

  private TrustClient(Builder b) {
    this.trustDir = b.trustDir;
    this.keys = b.keys;
    this.zone = b.zone;
    this.cache = new MetadataCache(b.trustDir);
    this.remote = b.remote;
    this.pinning = b.pinning;
    this.clock = b.clock;
    this.skipInvalidDelegations = b.skipInvalidDelegations;
  }

  /** Starts configuring a client over a notary trust directory (e.g. {@code ~/.notary}) and a server. */
  public static Builder builder(Path trustDir, RemoteStore remote) {
    return new Builder(trustDir, remote);
  }

  /** Options of a {@link TrustClient}. */
  public static final class Builder {
    private final Path trustDir;
    private final RemoteStore remote;
    private TrustPinning pinning = TrustPinning.TOFU;
    private Clock clock = Clock.systemUTC();
    private boolean skipInvalidDelegations;
    private TrustDirKeyStore keys;
    private ZoneId zone = ZoneId.systemDefault();

    private Builder(Path trustDir, RemoteStore remote) {
      this.trustDir = Objects.requireNonNull(trustDir);
      this.remote = Objects.requireNonNull(remote);
    }

    /** How the first root of a collection is trusted; default {@link TrustPinning#TOFU}. */
    public Builder pinning(TrustPinning pinning) {
      this.pinning = Objects.requireNonNull(pinning);
      return this;
    }

    /** The clock expiry is checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Whether a delegation that fails verification (signatures, expiry, hashes, rollback) is dropped
     * with a warning, as notary does, instead of failing the update. Off by default: a broken
     * delegation is an error the caller sees.
     */
    public Builder skipInvalidDelegations(boolean skip) {
      this.skipInvalidDelegations = skip;
      return this;
    }

    /** The private keys used for writing (init, publish, rotation); none means read-only. */
    public Builder keys(TrustDirKeyStore keys) {
      this.keys = Objects.requireNonNull(keys);
      return this;
    }

    /**
     * The zone whose offset written {@code expires} times carry; default the system zone, as notary
     * writes Go's local time.
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone);
      return this;
    }

    public TrustClient build() {
      return new TrustClient(this);
    }
  }

  /**
   * Brings the cached trust data of a collection up to date with the server and returns its verified
   * state.
   *
   * @throws TrustException when the collection cannot be fetched or trusted; the cache then keeps its
   *     previous verified files
   */
  public TrustedRepository update(Gun gun) {
    return new Updater(gun, remote, cache, pinning, verifier, skipInvalidDelegations, clock.instant()).run();
  }

  /**
   * Updates and lists the targets of a collection (notary {@code list GUN [-r ROLE,...]}); no roles
   * means {@code targets} and all its delegations.
   *
   * @throws TrustException as {@link #update(Gun)}, or {@link TrustFailure.UnknownRole}
   */
  public List<Target> list(Gun gun, List<RoleName> roles) {
    return update(gun).list(roles);
  }

  /**
   * Updates and looks up one target (notary {@code lookup GUN NAME}).
   *
   * @throws TrustException as {@link #update(Gun)}, or {@link TrustFailure.TargetNotFound}
   */
  public Target lookup(Gun gun, String name) {
    return update(gun).lookup(name);
  }

  /** The staged changes of a collection in this client's trust directory. */
  public Changelist changelist(Gun gun) {
    return Changelist.of(trustDir, gun);
  }

  /**
   * Creates a collection locally (notary {@code init}): a root certificate for the root key (CN =
   * GUN), new targets and snapshot keys in the key store, the server's timestamp key, and root,
   * targets and snapshot version 1 in the cache. The first {@link #publish} uploads them.
   *
   * @throws TrustException when the server's timestamp key cannot be fetched
   * @throws dev.hallmark.keys.KeyException when a key cannot be read or stored
   */
  public void initialize(Gun gun, KeyId rootKey) throws IOException {
    writer(gun).initialize(rootKey, Optional.empty());
  }

  /**
   * As {@link #initialize(Gun, KeyId)}, but the snapshot key is the server's (notary
   * {@code init --server-managed snapshot}; what {@code docker push} with content trust does): no local
   * snapshot key, and the server signs every snapshot.
   */
  public void initializeWithServerSnapshot(Gun gun, KeyId rootKey) throws IOException {
    writer(gun).initialize(rootKey, Optional.empty(), true);
  }

  /** As {@link #initialize(Gun, KeyId)} with a given root certificate key for the root key. */
  public void initialize(Gun gun, KeyId rootKey, PublicKey rootCertificate) throws IOException {
    writer(gun).initialize(rootKey, Optional.of(rootCertificate));
  }

  /**
   * The root key {@code init} uses when none is given: the first root key of the key store by ID, or a
   * newly generated one.
   */
  public KeyId defaultRootKey() throws IOException {
    return writer(new Gun("unused")).firstRootKey();
  }

  /**
   * Publishes the staged changes (notary {@code publish}): updates, applies the changelist in order,
   * re-signs every changed role (root also when it expires within six months, snapshot when its key is
   * held), uploads them in one request and clears the changelist. A change that cannot be applied
   * fails the publish and stays staged.
   *
   * @throws TrustException when updating, applying or uploading fails
   */
  public void publish(Gun gun) throws IOException {
    Changelist cl = changelist(gun);
    writer(gun).publish(cl.list());
    cl.clear();
  }

  /**
   * Rotates the key of a base role and publishes the new root at once (notary {@code key rotate}):
   * a server-managed key (timestamp, snapshot) is rotated by the server; otherwise the given keys of
   * the store are used, or a new key is generated (root keys get a new certificate).
   *
   * @throws TrustException when the rotation is not allowed or publishing fails
   */
  public void rotateKey(Gun gun, RoleName role, boolean serverManaged, List<KeyId> newKeys) throws IOException {
    writer(gun).rotateKey(role, serverManaged, newKeys);
  }

  /**
   * {@link #rotateKey(Gun, RoleName, boolean, List)}, also signing the new root with the root keys
   * of the {@code legacyVersions} previous root versions held in the key store, for clients that
   * trust an older root (notary {@code key rotate --legacy N}; -1 means all versions).
   */
  public void rotateKey(Gun gun, RoleName role, boolean serverManaged, List<KeyId> newKeys, int legacyVersions)
      throws IOException {
    writer(gun).rotateKey(role, serverManaged, newKeys, legacyVersions);
  }

  /** Deletes a collection's cached metadata and changelist, and with {@code remote} its server data. */
  public void delete(Gun gun, boolean remote) throws IOException {
    writer(gun).delete(remote);
  }

  /** The key store, for {@link ContentTrust} to see which delegations it can sign. */
  TrustDirKeyStore keyStore() {
    if (keys == null) {
      throw new IllegalStateException("this client has no key store; configure Builder.keys for writing");
    }
    return keys;
  }

  private RepositoryWriter writer(Gun gun) {
    if (keys == null) {
      throw new IllegalStateException("this client has no key store; configure Builder.keys for writing");
    }
    return new RepositoryWriter(gun, trustDir, remote, cache, keys, clock, zone, () -> update(gun));
  }

  @Override
  public void close() {
    remote.close();
  }
}
