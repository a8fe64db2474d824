package dev.hallmark.client;

import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.keys.RootCertificate;
import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.TufException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The write side of one collection: {@code init}, {@code publish}, key rotation and deletion, in
 * notary 0.7's order (reference client/client.go).
 */
final class RepositoryWriter {
  private static final System.Logger LOG = System.getLogger(RepositoryWriter.class.getName());

  private final Gun gun;
  private final Path trustDir;
  private final RemoteStore remote;
  private final MetadataCache cache;
  private final TrustDirKeyStore keys;
  private final Clock clock;
  private final ZoneId zone;
  private final Supplier<TrustedRepository> update;

  RepositoryWriter(Gun gun, Path trustDir, RemoteStore remote, MetadataCache cache, TrustDirKeyStore keys,
      Clock clock, ZoneId zone, Supplier<TrustedRepository> update) {
    this.gun = gun;
    this.trustDir = trustDir;
    this.remote = remote;
    this.cache = cache;
    this.keys = keys;
    this.clock = clock;
    this.zone = zone;
    this.update = update;
  }

  // ---- init (reference client/client.go initialize, saveMetadata) --------------------------------

  void initialize(KeyId rootKeyId, Optional<PublicKey> rootCert) throws IOException {
    initialize(rootKeyId, rootCert, false);
  }

  /** With {@code serverSnapshot} the server's snapshot key is used and no snapshot is signed locally (docker's init). */
  void initialize(KeyId rootKeyId, Optional<PublicKey> rootCert, boolean serverSnapshot) throws IOException {
    Instant now = clock.instant();
    PrivateKey rootKey = keys.key(rootKeyId);
    PublicKey cert = rootCert.orElseGet(() -> RootCertificate.issue(rootKey, gun, clock));
    PrivateKey targetsKey = PrivateKey.generateEcdsa(KeyRole.TARGETS, gun);
    keys.add(targetsKey);
    PublicKey snapshotKey;
    if (serverSnapshot) {
      snapshotKey = remote.serverKey(gun, RoleName.SNAPSHOT);
    } else {
      PrivateKey local = PrivateKey.generateEcdsa(KeyRole.SNAPSHOT, gun);
      keys.add(local);
      snapshotKey = local.publicKey();
    }
    PublicKey timestampKey = remote.serverKey(gun, RoleName.TIMESTAMP);

    Map<KeyId, PublicKey> rootKeys = new TreeMap<>();
    Map<RoleName, RoleKeys> roles = new TreeMap<>();
    addRole(rootKeys, roles, RoleName.ROOT, cert);
    addRole(rootKeys, roles, RoleName.TARGETS, targetsKey.publicKey());
    addRole(rootKeys, roles, RoleName.SNAPSHOT, snapshotKey);
    addRole(rootKeys, roles, RoleName.TIMESTAMP, timestampKey);
    // InitRoot/InitTargets/InitSnapshot create version 0; saveMetadata signs each once (version 1)
    var zero = new EditableRepository(
        TufCodec.sign(new Root(0, expires(now, EditableRepository.ROOT_EXPIRY), rootKeys, roles, false), List.of()),
        keys, now, zone);
    zero.putTargets(RoleName.TARGETS, TufCodec.sign(
        new Targets(0, expires(now, EditableRepository.TARGETS_EXPIRY), Map.of(), Delegations.NONE), List.of()));
    zero.snapshot = new Snapshot(0, expires(now, EditableRepository.SNAPSHOT_EXPIRY), Map.of());
    Bytes root = zero.signRoot();
    Bytes targets = zero.signTargets(RoleName.TARGETS);
    cache.write(gun, RoleName.ROOT, root);
    cache.write(gun, RoleName.TARGETS, targets);
    if (!serverSnapshot) {
      cache.write(gun, RoleName.SNAPSHOT, zero.signSnapshot());
    }
  }

  private static void addRole(Map<KeyId, PublicKey> keys, Map<RoleName, RoleKeys> roles, RoleName role, PublicKey key) {
    keys.put(key.id(), key);
    roles.put(role, new RoleKeys(List.of(key.id()), 1));
  }

  private dev.hallmark.tuf.Expires expires(Instant now, java.time.Duration d) {
    return new dev.hallmark.tuf.Expires(now.plus(d).atZone(zone).toOffsetDateTime());
  }

  // ---- publish (reference client/client.go publish) ------------------------------------------------

  /** Applies the changes to the newest trusted state and publishes every role that changed. */
  void publish(List<Change> changes) throws IOException {
    publish(changes, 0);
  }

  /**
   * {@link #publish(List)} also signing root with the root keys of the {@code legacyVersions}
   * versions before the current one (and the current one); -1 means every version (reference
   * client/client.go {@code oldKeysForLegacyClientSupport}, {@code SignWithAllOldVersions}).
   */
  void publish(List<Change> changes, int legacyVersions) throws IOException {
    EditableRepository repo;
    boolean initial = false;
    try {
      repo = open(update.get());
    } catch (TrustException e) {
      if (!(e.failure() instanceof TrustFailure.NotFound) || remoteHasRoot()) {
        LOG.log(Level.ERROR, "Could not publish Repository since we could not update: {0}", e.getMessage());
        throw e;
      }
      // the server does not know the collection: publish what init left in the cache
      repo = fromCache();
      initial = true;
    }
    for (Change c : changes) {
      repo.apply(c);
    }
    Map<RoleName, Bytes> files = new LinkedHashMap<>();
    Map<KeyId, PublicKey> legacyKeys = initial ? Map.of() : oldKeysForLegacyClientSupport(repo.root.version(), legacyVersions);
    if (!legacyKeys.isEmpty() || repo.rootDirty || repo.rootNearExpiry()) {
      files.put(RoleName.ROOT, repo.signRoot(legacyKeys));
    } else if (initial) {
      files.put(RoleName.ROOT, TufCodec.encode(repo.root, repo.rootSignatures));
    }
    for (var e : new ArrayList<>(repo.targets.entrySet())) {
      if (e.getValue().dirty || (initial && e.getKey().equals(RoleName.TARGETS))) {
        files.put(e.getKey(), repo.signTargets(e.getKey()));
      }
    }
    try {
      files.put(RoleName.SNAPSHOT, repo.signSnapshot());
    } catch (EditableRepository.InsufficientSignatures ex) {
      if (ex.found != 0) {
        throw ex;
      }
      LOG.log(Level.DEBUG, "Client does not have the key to sign snapshot. Assuming that server should sign the snapshot.");
    }
    remote.publish(gun, files);
  }

  private boolean remoteHasRoot() {
    try {
      remote.fetch(gun, "root.json", Updater.MAX_DOWNLOAD_SIZE);
      return true;
    } catch (TrustException e) {
      if (e.failure() instanceof TrustFailure.NotFound) {
        return false;
      }
      throw e;
    }
  }

  private EditableRepository open(TrustedRepository tr) {
    var repo = new EditableRepository(tr.root(), keys, clock.instant(), zone);
    for (RoleName r : tr.roles()) {
      tr.targets(r).ifPresent(f -> repo.putTargets(r, f));
    }
    repo.setSnapshot(tr.snapshot());
    return repo;
  }

  private EditableRepository fromCache() throws IOException {
    Optional<Bytes> root = cache.read(gun, RoleName.ROOT, Updater.MAX_DOWNLOAD_SIZE);
    if (root.isEmpty()) {
      LOG.log(Level.INFO, "No TUF data found locally or remotely - initializing repository {0} for the first time", gun);
      initialize(firstRootKey(), Optional.empty());
      root = cache.read(gun, RoleName.ROOT, Updater.MAX_DOWNLOAD_SIZE);
    }
    try {
      var repo = new EditableRepository(TufCodec.decodeRoot(root.orElseThrow()), keys, clock.instant(), zone);
      cache.read(gun, RoleName.TARGETS, Updater.MAX_DOWNLOAD_SIZE)
          .ifPresent(b -> repo.putTargets(RoleName.TARGETS, TufCodec.decodeTargets(RoleName.TARGETS, b)));
      if (!repo.targets.containsKey(RoleName.TARGETS)) {
        repo.putTargets(RoleName.TARGETS, TufCodec.sign(new Targets(0, repo.expiresIn(EditableRepository.TARGETS_EXPIRY),
            Map.of(), Delegations.NONE), List.of()));
      }
      cache.read(gun, RoleName.SNAPSHOT, Updater.MAX_DOWNLOAD_SIZE)
          .ifPresent(b -> repo.setSnapshot(TufCodec.decodeSnapshot(b)));
      return repo;
    } catch (TufException e) {
      throw new TrustException(new TrustFailure.Invalid(RoleName.ROOT, e.kind()), e.getMessage(), e);
    }
  }

  /** The root key init uses when none is named: the first root key of the store, or a new one. */
  KeyId firstRootKey() throws IOException {
    for (var e : keys.list()) {
      if (e.role().equals(KeyRole.ROOT)) {
        return e.id();
      }
    }
    PrivateKey k = PrivateKey.generateEcdsa(KeyRole.ROOT);
    keys.add(k);
    return k.id();
  }

  /**
   * The root role keys of root versions {@code current - legacyVersions} (at least 1) to
   * {@code current}, read from the server's {@code <v>.root.json} files; a version that cannot be
   * downloaded is skipped, one that does not parse fails the publish (reference client/client.go
   * {@code oldKeysForLegacyClientSupport}; the old roots' signatures are not checked, as there).
   */
  private Map<KeyId, PublicKey> oldKeysForLegacyClientSupport(int current, int legacyVersions) {
    int oldest = legacyVersions == -1 ? 1 : current - legacyVersions;
    oldest = Math.max(1, oldest);
    if (current <= 1 || oldest == current) {
      return Map.of();
    }
    Map<KeyId, PublicKey> old = new LinkedHashMap<>();
    for (int v = current; v >= oldest; v--) {
      Bytes raw;
      try {
        raw = remote.fetch(gun, v + ".root.json", Updater.MAX_DOWNLOAD_SIZE);
      } catch (TrustException e) {
        LOG.log(System.Logger.Level.DEBUG, "error downloading {0}.root: {1}", v, e.getMessage());
        continue;
      }
      Root r = TufCodec.decodeRoot(raw).signed();
      old.putAll(r.keysOf(RoleName.ROOT));
    }
    return old;
  }

  // ---- key rotation (reference client/client.go RotateKey) -----------------------------------------

  void rotateKey(RoleName role, boolean serverManaged, List<KeyId> newKeyIds) throws IOException {
    rotateKey(role, serverManaged, newKeyIds, 0);
  }

  /** {@link #rotateKey(RoleName, boolean, List)} with notary's {@code --legacy N}. */
  void rotateKey(RoleName role, boolean serverManaged, List<KeyId> newKeyIds, int legacyVersions) throws IOException {
    boolean canBeRemote = role.equals(RoleName.TIMESTAMP) || role.equals(RoleName.SNAPSHOT);
    boolean canBeLocal = role.equals(RoleName.SNAPSHOT) || role.equals(RoleName.TARGETS) || role.equals(RoleName.ROOT);
    if (role.isDelegation()) {
      throw EditableRepository.invalidOp("notary does not currently permit rotating the " + role + " key");
    }
    if (serverManaged && !canBeRemote) {
      throw EditableRepository.invalidOp("notary does not permit the server managing the " + role + " key");
    }
    if (!serverManaged && !canBeLocal) {
      throw EditableRepository.invalidOp("notary does not permit the client managing the " + role + " key");
    }
    List<PublicKey> newKeys = new ArrayList<>();
    if (serverManaged) {
      try {
        newKeys.add(remote.rotateServerKey(gun, role));
      } catch (TrustException e) {
        // reference client/client.go RotateKey
        throw new TrustException(e.failure(), "unable to rotate remote key: " + e.getMessage(), e);
      }
    } else if (newKeyIds.isEmpty()) {
      PrivateKey k = role.equals(RoleName.ROOT)
          ? PrivateKey.generateEcdsa(KeyRole.ROOT) : PrivateKey.generateEcdsa(KeyRole.of(role), gun);
      keys.add(k);
      newKeys.add(role.equals(RoleName.ROOT) ? RootCertificate.issue(k, gun, clock) : k.publicKey());
    } else {
      for (KeyId id : newKeyIds) {
        PrivateKey k = keys.key(id);
        newKeys.add(role.equals(RoleName.ROOT) ? RootCertificate.issue(k, gun, clock) : k.publicKey());
      }
    }
    publish(List.of(Change.replaceRoleKeys(role, newKeys)), legacyVersions);
  }

  // ---- delete (reference client/client.go DeleteTrustData) ------------------------------------------

  void delete(boolean alsoRemote) throws IOException {
    Path local = trustDir.resolve("tuf").resolve(gun.value());
    if (Files.exists(local)) {
      Files.walkFileTree(local, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    }
    if (alsoRemote) {
      remote.deleteAll(gun);
    }
  }
}
