package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.Expires;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Metadata;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.Verifier;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One run of the TUF update workflow for one collection, in notary 0.7's order (reference
 * client/tufclient.go, tuf/builder.go; hallmark reference 5.1-5.5) with every check applied to every
 * role: signatures and thresholds, type, version not below the cached trusted version, hashes and
 * length against the parent's meta, and expiry.
 *
 * <p>Nothing is written to the cache until the whole collection verified, except a root whose chain
 * verified (the trust anchor for the next run).
 */
final class Updater {
  private static final System.Logger LOG = System.getLogger(Updater.class.getName());
  /** reference const.go MaxTimestampSize. */
  static final long MAX_TIMESTAMP_SIZE = 1 << 20;
  /** reference const.go MaxDownloadSize, for files whose length no parent lists. */
  static final long MAX_DOWNLOAD_SIZE = 100L << 20;
  /** Most root versions walked in one rotation, so a server cannot make the walk unbounded. */
  static final int MAX_ROOT_ROTATIONS = 1024;

  private final Gun gun;
  private final RemoteStore remote;
  private final MetadataCache cache;
  private final TrustPinning pinning;
  private final Verifier verifier;
  private final boolean skipInvalidDelegations;
  private final Instant now;
  /** Whether a root rotation got past root.json to walking the versions between. */
  private boolean walkingRoots;
  /**
   * Whether this run ignores the cached timestamp and snapshot: one of them no longer verifies with the
   * current root's keys (TUF 1.0 5.3.11: when a root changes the timestamp or snapshot keys, the
   * trusted timestamp and snapshot are both forgotten, which is how a fast-forward attack is undone).
   */
  private boolean forgetTimestampAndSnapshot;
  /** The cached timestamp and snapshot as checked with the current root's keys, so each is verified once a run. */
  private final Map<RoleName, Optional<? extends Signed<?>>> cachedBase = new HashMap<>();
  /** The keys whose signatures verified on each role's trusted file, as last checked. */
  private final Map<RoleName, List<PublicKey>> signedBy = new HashMap<>();

  Updater(Gun gun, RemoteStore remote, MetadataCache cache, TrustPinning pinning, Verifier verifier,
      boolean skipInvalidDelegations, Instant now) {
    this.gun = gun;
    this.remote = remote;
    this.cache = cache;
    this.pinning = pinning;
    this.verifier = verifier;
    this.skipInvalidDelegations = skipInvalidDelegations;
    this.now = now;
  }

  TrustedRepository run() {
    Signed<Root> root = trustedRoot();
    try {
      return loadCollection(root);
    } catch (TrustException first) {
      if (first.failure() instanceof TrustFailure.LocalStorage) {
        throw first;
      }
      // reference client/tufclient.go Update: on any failure fetch the newest root and retry once
      LOG.log(Level.DEBUG, "update of {0} failed ({1}); checking for a new root", gun, first.getMessage());
      Signed<Root> newer;
      try {
        newer = rotateRoot(root);
      } catch (TrustException rootError) {
        // as reference: a root that cannot be had is the error; only a network failure fetching
        // root.json itself leaves the first error the more telling one (e.g. the server is down)
        if (rootError.failure() instanceof TrustFailure.NotFound && !walkingRoots) {
          // reference client/tufclient.go LoadTUFRepo: the root is gone, so is the collection
          var gone = new TrustException(rootError.failure(),
              remote.address() + " does not have trust data for " + gun, rootError);
          gone.addSuppressed(first);
          throw gone;
        }
        if (!rootError.isNetwork() || walkingRoots) {
          rootError.addSuppressed(first);
          throw rootError;
        }
        first.addSuppressed(rootError);
        throw first;
      }
      if (newer.bytes().equals(root.bytes())) {
        throw first;
      }
      return loadCollection(newer);
    }
  }

  // ---- root ----------------------------------------------------------------------------------

  /** TUF 5.3 / reference 5.3: cached root first, else bootstrap with trust pinning. */
  Signed<Root> trustedRoot() {
    Optional<Bytes> cached = cache.read(gun, RoleName.ROOT, MAX_DOWNLOAD_SIZE);
    if (cached.isPresent()) {
      Signed<Root> root;
      try {
        root = TufCodec.decodeRoot(cached.get());
        RootChecks.checkCached(root, gun, now, verifier);
      } catch (TufException | TrustException e) {
        LOG.log(Level.WARNING, "cached root of {0} is unusable, bootstrapping again: {1}", gun, e.getMessage());
        return bootstrap();
      }
      if (root.signed().expires().isBefore(now)) {
        // an expired cached root is the anchor a fresh root must chain to (reference 5.3)
        return rotateRoot(root);
      }
      return newerRootIfAny(root);
    }
    return bootstrap();
  }

  /**
   * TUF 1.0 5.3.3: every update asks whether the server has the next root version, not only after
   * something failed (as notary 0.7 does). Otherwise a server still holding a timestamp key that a
   * new root removed could keep serving fresh timestamps for the cached snapshot, and this client
   * would trust the old state until it expired. Not found, or no answer (offline use of the cache),
   * leaves the cached root in charge; anything else that comes back is walked and checked.
   */
  private Signed<Root> newerRootIfAny(Signed<Root> trusted) {
    try {
      remote.fetch(gun, (trusted.signed().version() + 1) + ".root.json", MAX_DOWNLOAD_SIZE);
    } catch (TrustException e) {
      if (e.failure() instanceof TrustFailure.NotFound || e.isNetwork()) {
        return trusted;
      }
      throw e;
    }
    return rotateRoot(trusted);
  }

  private Signed<Root> bootstrap() {
    Bytes bytes;
    try {
      bytes = remote.fetch(gun, "root.json", MAX_DOWNLOAD_SIZE);
    } catch (TrustException e) {
      if (e.failure() instanceof TrustFailure.NotFound) {
        throw new TrustException(e.failure(), remote.address() + " does not have trust data for " + gun, e);
      }
      throw e;
    }
    Signed<Root> root = decode(RoleName.ROOT, bytes, TufCodec::decodeRoot);
    RootChecks.checkFirst(root, gun, pinning, now, verifier);
    checkExpiry(RoleName.ROOT, root);
    cache.write(gun, RoleName.ROOT, root.bytes());
    return root;
  }

  /**
   * Walks from a trusted root to the server's newest, through every intermediate {@code N.root.json}:
   * each must have exactly the next version and be signed by its predecessor's and its own root keys.
   */
  Signed<Root> rotateRoot(Signed<Root> trusted) {
    Signed<Root> latest = decode(RoleName.ROOT, remote.fetch(gun, "root.json", MAX_DOWNLOAD_SIZE),
        TufCodec::decodeRoot);
    int from = trusted.signed().version();
    int to = latest.signed().version();
    if (to < from) {
      throw rollback(RoleName.ROOT, from, to);
    }
    if (to == from) {
      if (!latest.bytes().equals(trusted.bytes())) {
        // notary's words where the trusted root's keys did not sign it (a repository initialised
        // again locally, with a new root certificate); a root they did sign is still refused: the
        // version must change when the root does
        boolean signedByTrusted;
        try {
          verifier.checkThreshold(RoleName.ROOT, latest, trusted.signed().role(RoleName.ROOT), trusted.signed().keys());
          signedByTrusted = true;
        } catch (TufException e) {
          signedByTrusted = false;
        }
        throw new TrustException(new TrustFailure.UntrustedRoot("root changed without a new version"),
            "could not rotate trust to a new trusted root: " + (signedByTrusted
                ? "root version " + to + " differs from the trusted root of the same version"
                : "failed to validate data with current trusted certificates"));
      }
      checkExpiry(RoleName.ROOT, trusted);
      return trusted;
    }
    if (to - from > MAX_ROOT_ROTATIONS) {
      throw new TrustException(new TrustFailure.UntrustedRoot("too many root versions"),
          "could not rotate trust to a new trusted root: " + (to - from) + " versions is more than "
              + MAX_ROOT_ROTATIONS);
    }
    Signed<Root> previous = trusted;
    walkingRoots = true;
    for (int v = from + 1; v < to; v++) {
      Signed<Root> step = decode(RoleName.ROOT, remote.fetch(gun, v + ".root.json", MAX_DOWNLOAD_SIZE),
          TufCodec::decodeRoot);
      if (step.signed().version() != v) {
        throw new TrustException(new TrustFailure.UntrustedRoot("wrong intermediate root version"),
            "could not rotate trust to a new trusted root: " + v + ".root.json has version "
                + step.signed().version());
      }
      RootChecks.checkRotation(previous, step, gun, now, false, verifier);
      previous = step;
    }
    RootChecks.checkRotation(previous, latest, gun, now, true, verifier);
    checkExpiry(RoleName.ROOT, latest);
    cache.write(gun, RoleName.ROOT, latest.bytes());
    return latest;
  }

  // ---- timestamp, snapshot, targets, delegations -----------------------------------------------

  private TrustedRepository loadCollection(Signed<Root> rootFile) {
    Root root = rootFile.signed();
    Map<RoleName, Bytes> toCache = new LinkedHashMap<>();
    // notary 0.7 keeps whichever of the two still verifies, so a snapshot version pushed up by a
    // holder of the timestamp and snapshot keys stays the floor after only the timestamp key is rotated
    forgetTimestampAndSnapshot = false;
    cachedBase.clear();
    forgetTimestampAndSnapshot = unverifiable(RoleName.TIMESTAMP, root, TufCodec::decodeTimestamp, MAX_TIMESTAMP_SIZE)
        || unverifiable(RoleName.SNAPSHOT, root, TufCodec::decodeSnapshot, MAX_DOWNLOAD_SIZE);
    if (forgetTimestampAndSnapshot) {
      LOG.log(Level.DEBUG, "the timestamp or snapshot keys of {0} changed: not trusting the cached timestamp and snapshot", gun);
    }

    Signed<Timestamp> timestamp = timestamp(root, toCache);

    FileMeta snapshotMeta = timestamp.signed().snapshot();
    Optional<Signed<Snapshot>> trustedSnapshot = cachedTrusted(RoleName.SNAPSHOT, root.role(RoleName.SNAPSHOT),
        root.keys(), TufCodec::decodeSnapshot, MAX_DOWNLOAD_SIZE);
    Signed<Snapshot> snapshot = obtain(RoleName.SNAPSHOT, snapshotMeta, root.role(RoleName.SNAPSHOT),
        root.keys(), TufCodec::decodeSnapshot, toCache);

    // reference tuf/builder.go validateChecksumsFromSnapshot: the trusted root must be the one the
    // snapshot lists; when it is not (e.g. the root was rotated since it was cached) the update
    // fails and run() retries from the newest root
    Optional<FileMeta> rootMeta = snapshot.signed().metaFor(RoleName.ROOT);
    if (rootMeta.isPresent()) {
      try {
        rootMeta.get().check(RoleName.ROOT.value(), rootFile.bytes());
      } catch (TufException e) {
        throw invalid(RoleName.ROOT, e);
      }
    }

    FileMeta targetsMeta = snapshot.signed().metaFor(RoleName.TARGETS).orElseThrow();
    Signed<Targets> targets = obtain(RoleName.TARGETS, targetsMeta, root.role(RoleName.TARGETS),
        root.keys(), f -> TufCodec.decodeTargets(RoleName.TARGETS, f), toCache);

    // reference 4 / tuf/tuf.go WalkTargets: breadth-first, children in the parent's order
    List<RoleName> order = new ArrayList<>();
    Map<RoleName, Signed<Targets>> roles = new LinkedHashMap<>();
    Map<RoleName, List<String>> paths = new LinkedHashMap<>();
    order.add(RoleName.TARGETS);
    roles.put(RoleName.TARGETS, targets);
    paths.put(RoleName.TARGETS, List.of(""));
    var queue = new ArrayDeque<RoleName>();
    queue.add(RoleName.TARGETS);
    while (!queue.isEmpty()) {
      RoleName parentName = queue.removeFirst();
      Targets parent = roles.get(parentName).signed();
      for (DelegatedRole child : parent.delegations().roles()) {
        RoleName name = child.name();
        if (paths.containsKey(name)) {
          continue;
        }
        List<String> effective = restrict(child.paths(), paths.get(parentName));
        Optional<FileMeta> meta = snapshot.signed().metaFor(name);
        Signed<Targets> file;
        if (meta.isEmpty()) {
          // TUF 5.5.5: a role the trusted snapshot lists must stay listed while its parent is the same
          // file, or a snapshot signer (the server, for a server-managed snapshot) could make a
          // delegation's targets vanish. Notary 0.7 does not check this. Only a new parent may take a
          // role out of the snapshot: a role its parent no longer declares is not reached here, and one
          // removed and declared again since the trusted snapshot (a new parent, no file of its own
          // yet) is empty, as notary treats it.
          FileMeta parentNow = parentName.equals(RoleName.TARGETS) ? targetsMeta
              : snapshot.signed().metaFor(parentName).orElse(null);
          var listed = trustedSnapshot.filter(t -> t.signed().metaFor(name).isPresent()
              && t.signed().metaFor(parentName).filter(p -> p.equals(parentNow)).isPresent());
          if (listed.isPresent()) {
            throw new TrustException(new TrustFailure.Invalid(RoleName.SNAPSHOT, TufException.Kind.ROLLBACK),
                "snapshot version " + snapshot.signed().version() + " does not list " + name + ", which "
                    + parentName + " delegates and trusted snapshot version " + listed.get().signed().version()
                    + " lists");
          }
          // reference client/tufclient.go downloadTargets: a declared but unpublished role is empty
          file = null;
        } else {
          try {
            file = obtain(name, meta.get(), child.roleKeys(), parent.delegations().keys(),
                f -> TufCodec.decodeTargets(name, f), toCache);
          } catch (TrustException e) {
            if (!skipInvalidDelegations || e.isNetwork()) {
              throw e;
            }
            LOG.log(Level.WARNING, "Error getting {0}: {1}", name, e.getMessage());
            continue;
          }
        }
        order.add(name);
        paths.put(name, effective);
        if (file != null) {
          roles.put(name, file);
          queue.addLast(name);
        }
      }
    }

    toCache.forEach((role, bytes) -> cache.write(gun, role, bytes));
    Map<RoleName, List<PublicKey>> signers = new HashMap<>();
    for (RoleName r : roles.keySet()) {
      signers.put(r, signedBy.getOrDefault(r, List.of()));
    }
    return new TrustedRepository(gun, rootFile, timestamp, snapshot, order, roles, paths, signers);
  }

  /** Timestamp: always fetched; the cached one only when the server cannot be reached (reference 5.4). */
  private Signed<Timestamp> timestamp(Root root, Map<RoleName, Bytes> toCache) {
    Optional<Signed<Timestamp>> cached = cachedTrusted(RoleName.TIMESTAMP, root.role(RoleName.TIMESTAMP),
        root.keys(), TufCodec::decodeTimestamp, MAX_TIMESTAMP_SIZE);
    int floor = cached.map(c -> c.signed().version()).orElse(0);
    Bytes bytes;
    try {
      bytes = remote.fetch(gun, "timestamp.json", MAX_TIMESTAMP_SIZE);
    } catch (TrustException e) {
      if (e.isNetwork() && cached.isPresent() && !cached.get().signed().expires().isBefore(now)) {
        LOG.log(Level.DEBUG, "timestamp.json of {0}: {1}", gun, e.getMessage());
        // notary's words, without the cause (logged above at debug level)
        LOG.log(Level.WARNING, "Error while downloading remote metadata, using cached timestamp - this might "
            + "not be the latest version available remotely");
        return cached.get();
      }
      throw e;
    }
    Signed<Timestamp> ts = decode(RoleName.TIMESTAMP, bytes, TufCodec::decodeTimestamp);
    verify(RoleName.TIMESTAMP, ts, root.role(RoleName.TIMESTAMP), root.keys(), floor);
    toCache.put(RoleName.TIMESTAMP, bytes);
    return ts;
  }

  /**
   * A role listed by its parent's meta: the cached copy when it matches the meta, else downloaded by
   * its hashed name ({@code <role>.<sha256hex>.json}, reference tuf/utils ConsistentName) with the
   * listed length as the size limit. Either way every check applies.
   */
  private <T extends Metadata> Signed<T> obtain(RoleName role, FileMeta meta, RoleKeys keys,
      Map<KeyId, PublicKey> pool, Function<Bytes, Signed<T>> decoder, Map<RoleName, Bytes> toCache) {
    Optional<Signed<T>> cached = cachedTrusted(role, keys, pool, decoder, MAX_DOWNLOAD_SIZE);
    int floor = cached.map(c -> c.signed().version()).orElse(0);
    if (cached.isPresent() && matches(meta, cached.get().bytes())) {
      checkExpiry(role, cached.get());
      return cached.get();
    }
    Bytes sha256 = meta.sha256().orElseThrow(() -> new TrustException(
        new TrustFailure.Invalid(role, TufException.Kind.INVALID_METADATA),
        "no sha256 checksum listed for " + role));
    // the listed length is the cap (reference), but never above the cap for unknown lengths: the
    // parent's signer (the server, for a server-managed snapshot) must not make a download unbounded
    Bytes bytes = remote.fetch(gun, role.value() + "." + sha256.hex() + ".json",
        Math.min(meta.length(), MAX_DOWNLOAD_SIZE));
    if (bytes.length() != meta.length()) {
      throw new TrustException(new TrustFailure.LengthMismatch(role, meta.length(), bytes.length()),
          "length of " + role + " did not match: expected " + meta.length() + " bytes, got " + bytes.length());
    }
    try {
      meta.check(role.value(), bytes);
    } catch (TufException e) {
      throw invalid(role, e);
    }
    Signed<T> file = decode(role, bytes, decoder);
    verify(role, file, keys, pool, floor);
    toCache.put(role, bytes);
    return file;
  }

  /** Whether a base role has a cached file that its current keys in {@code root} do not verify. */
  private <T extends Metadata> boolean unverifiable(RoleName role, Root root, Function<Bytes, Signed<T>> decoder,
      long limit) {
    return cache.read(gun, role, limit).isPresent()
        && cachedTrusted(role, root.role(role), root.keys(), decoder, limit).isEmpty();
  }

  /** The cached file of a role if it decodes and its signatures verify with the current keys (expired or not). */
  private <T extends Metadata> Optional<Signed<T>> cachedTrusted(RoleName role, RoleKeys keys,
      Map<KeyId, PublicKey> pool, Function<Bytes, Signed<T>> decoder, long limit) {
    boolean base = role.equals(RoleName.TIMESTAMP) || role.equals(RoleName.SNAPSHOT);
    if (base && forgetTimestampAndSnapshot) {
      return Optional.empty();
    }
    if (base && cachedBase.containsKey(role)) {
      // always with the keys of the root this run loads the collection with
      @SuppressWarnings("unchecked")
      Optional<Signed<T>> known = (Optional<Signed<T>>) cachedBase.get(role);
      return known;
    }
    Optional<Signed<T>> found = readCachedTrusted(role, keys, pool, decoder, limit);
    if (base) {
      cachedBase.put(role, found);
    }
    return found;
  }

  private <T extends Metadata> Optional<Signed<T>> readCachedTrusted(RoleName role, RoleKeys keys,
      Map<KeyId, PublicKey> pool, Function<Bytes, Signed<T>> decoder, long limit) {
    Optional<Bytes> bytes = cache.read(gun, role, limit);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      Signed<T> file = decoder.apply(bytes.get());
      signedBy.put(role, signerKeys(verifier.checkThreshold(role, file, keys, pool), pool));
      return Optional.of(file);
    } catch (TufException e) {
      LOG.log(Level.DEBUG, "ignoring cached {0} of {1}: {2}", role, gun, e.getMessage());
      return Optional.empty();
    }
  }

  private static List<PublicKey> signerKeys(Set<KeyId> ids, Map<KeyId, PublicKey> pool) {
    return ids.stream().sorted(java.util.Comparator.comparing(KeyId::value)).map(pool::get).toList();
  }

  private static boolean matches(FileMeta meta, Bytes file) {
    if (file.length() != meta.length()) {
      return false;
    }
    try {
      meta.check("cached file", file);
      return true;
    } catch (TufException e) {
      return false;
    }
  }

  /** Signatures and threshold, version not below the trusted floor, expiry: in reference order. */
  private void verify(RoleName role, Signed<?> file, RoleKeys keys, Map<KeyId, PublicKey> pool, int floor) {
    try {
      signedBy.put(role, signerKeys(verifier.checkThreshold(role, file, keys, pool), pool));
    } catch (TufException e) {
      throw invalid(role, e);
    }
    int version = file.signed().version();
    if (version < floor) {
      throw rollback(role, floor, version);
    }
    checkExpiry(role, file);
  }

  private void checkExpiry(RoleName role, Signed<?> file) {
    Expires expires = file.signed().expires();
    if (expires.isBefore(now)) {
      throw new TrustException(new TrustFailure.Expired(role, expires.instant()),
          role + " expired at " + goDate(expires));
    }
  }

  /** Go's {@code Mon Jan 2 15:04:05 MST 2006}, as notary prints expiry times. */
  static String goDate(Expires expires) {
    return expires.goDisplay();
  }

  private static List<String> restrict(List<String> childPaths, List<String> parentPaths) {
    // reference tuf/data/roles.go RestrictDelegationPathPrefixes: keep child paths under a parent path
    List<String> out = new ArrayList<>();
    for (String c : childPaths) {
      for (String p : parentPaths) {
        if (c.startsWith(p)) {
          out.add(c);
          break;
        }
      }
    }
    return out;
  }

  /** Decodes a downloaded file, which must also be in the form notary writes ({@link Signed#hasCanonicalSigned()}). */
  private static <T extends Metadata> Signed<T> decode(RoleName role, Bytes bytes, Function<Bytes, Signed<T>> decoder) {
    Signed<T> file;
    try {
      file = decoder.apply(bytes);
    } catch (TufException e) {
      throw invalid(role, e);
    }
    if (!file.hasCanonicalSigned()) {
      throw new TrustException(new TrustFailure.Invalid(role, TufException.Kind.NOT_CANONICAL),
          role + ": metadata is not in the canonical form notary writes");
    }
    return file;
  }

  private static TrustException invalid(RoleName role, TufException e) {
    String msg = e.getMessage();
    if (e.kind() == TufException.Kind.MALFORMED) {
      msg = role + ": " + msg;
    }
    return new TrustException(new TrustFailure.Invalid(role, e.kind()), msg, e);
  }

  private static TrustException rollback(RoleName role, int trusted, int offered) {
    return new TrustException(new TrustFailure.Rollback(role, trusted, offered),
        role + ": version " + offered + " is lower than current version " + trusted);
  }
}
