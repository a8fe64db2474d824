package dev.hallmark.server.publish;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.server.store.MetadataStore;
import dev.hallmark.server.store.NewFile;
import dev.hallmark.server.store.StoredFile;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Metadata;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.RootCertificates;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.Verifier;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The checks of one publish, in the order of notary-server 0.7 (reference
 * server/handlers/validation.go), plus the ones it lacks: a snapshot must agree with every file it
 * names, a root's thresholds must be reachable, and every file must be in notary's byte form.
 *
 * <p>Runs under the GUN's update lock; returns every file to write, including the server-signed
 * snapshot (when the client sent none) and timestamp.
 */
final class UpdateValidation {
  private final ServerSigning signing;
  private final Verifier verifier;
  private final Clock clock;
  private final DecodedFiles decoded = new DecodedFiles();

  UpdateValidation(ServerSigning signing, Verifier verifier, Clock clock) {
    this.signing = signing;
    this.verifier = verifier;
    this.clock = clock;
  }

  /**
   * An uploaded file that is JSON with notary's common fields but not valid metadata of its role
   * (or not in notary's byte form): refused with {@code error} where validation loads that role,
   * after the checks notary makes before the role's structure (root: the version step; targets and
   * snapshot: the signatures).
   */
  record Rejected(TufCodec.Common common, TrustServerException error) {}

  List<NewFile> validate(Gun gun, Map<RoleName, Signed<? extends Metadata>> uploads, MetadataStore.Reader stored)
      throws IOException {
    return validate(gun, uploads, Map.of(), stored);
  }

  List<NewFile> validate(Gun gun, Map<RoleName, Signed<? extends Metadata>> uploads, Map<RoleName, Rejected> rejected,
      MetadataStore.Reader stored) throws IOException {
    Instant now = clock.instant();
    checkVersionsAreNew(uploads, stored);

    // Step 1-2: root
    Optional<Signed<Root>> storedRoot = stored.latest(RoleName.ROOT).map(decoded::root);
    Signed<Root> root;
    @SuppressWarnings("unchecked")
    Signed<Root> uploadedRoot = (Signed<Root>) uploads.get(RoleName.ROOT);
    Rejected rejectedRoot = rejected.get(RoleName.ROOT);
    if (rejectedRoot != null) {
      checkRootVersionStep(rejectedRoot.common().version(), storedRoot);
      throw rejectedRoot.error();
    }
    if (uploadedRoot != null) {
      validateRoot(gun, uploadedRoot, storedRoot, now);
      root = uploadedRoot;
    } else if (storedRoot.isPresent()) {
      root = storedRoot.get();
    } else {
      throw TrustServerException.invalidUpdate("ErrValidation", "no pre-existing root and no root provided in update.");
    }

    // Step 3: targets and delegations, shallowest first
    // Step 3: targets and delegations, shallowest first; a delegation's ancestors that are not
    // uploaded are loaded from storage (and so must match an uploaded snapshot too)
    Map<RoleName, Signed<Targets>> loadedTargets = new HashMap<>();
    Map<RoleName, Signed<Targets>> storedAncestors = new LinkedHashMap<>();
    List<RoleName> targetRoles = java.util.stream.Stream.concat(uploads.keySet().stream(), rejected.keySet().stream())
        .filter(RoleName::isTargetsFamily)
        .sorted(Comparator.comparingInt(RoleName::depth).thenComparing(Comparator.naturalOrder()))
        .toList();
    for (RoleName role : targetRoles) {
      RoleKeys keys;
      Map<KeyId, PublicKey> pool;
      if (role.equals(RoleName.TARGETS)) {
        keys = root.signed().role(RoleName.TARGETS);
        pool = root.signed().keys();
      } else {
        loadStoredAncestors(role, loadedTargets, storedAncestors, stored);
        Signed<Targets> parent = loadedTargets.containsKey(role.parent()) ? loadedTargets.get(role.parent())
            : storedAncestors.get(role.parent());
        DelegatedRole entry = parent == null ? null : parent.signed().delegations().role(role).orElse(null);
        if (entry == null) {
          throw badTargets("tuf: invalid role " + role + ". delegation does not exist");
        }
        keys = entry.roleKeys();
        pool = parent.signed().delegations().keys();
      }
      Rejected r = rejected.get(role);
      if (r != null) {
        if (role.equals(RoleName.TARGETS)) {
          // notary's loadTargets checks signatures first, loadDelegation the structure first
          try {
            verifier.checkThreshold(role, r.common().signatures(), r.common().canonical(), keys, pool);
          } catch (TufException e) {
            throw badTargets(e.getMessage());
          }
        }
        throw r.error();
      }
      @SuppressWarnings("unchecked")
      Signed<Targets> t = (Signed<Targets>) uploads.get(role);
      try {
        verifier.checkThreshold(role, t, keys, pool);
      } catch (TufException e) {
        throw badTargets(e.getMessage());
      }
      if (t.signed().expires().isBefore(now)) {
        throw badTargets(role + " expired at " + t.signed().expires().goDisplay());
      }
      loadedTargets.put(role, t);
    }

    List<NewFile> out = new ArrayList<>();
    if (uploadedRoot != null) {
      out.add(new NewFile(RoleName.ROOT, root.signed().version(), root.bytes()));
    }
    for (RoleName role : targetRoles) {
      out.add(new NewFile(role, loadedTargets.get(role).signed().version(), loadedTargets.get(role).bytes()));
    }

    // Step 4: snapshot, uploaded or server-signed
    Bytes snapshotBytes;
    int snapshotVersion;
    @SuppressWarnings("unchecked")
    Signed<Snapshot> uploadedSnapshot = (Signed<Snapshot>) uploads.get(RoleName.SNAPSHOT);
    Rejected rejectedSnapshot = rejected.get(RoleName.SNAPSHOT);
    if (rejectedSnapshot != null) {
      try {
        verifier.checkThreshold(RoleName.SNAPSHOT, rejectedSnapshot.common().signatures(),
            rejectedSnapshot.common().canonical(), root.signed().role(RoleName.SNAPSHOT), root.signed().keys());
      } catch (TufException e) {
        throw badSnapshot(e.getMessage());
      }
      throw rejectedSnapshot.error();
    }
    if (uploadedSnapshot != null) {
      validateSnapshot(uploadedSnapshot, root, loadedTargets, storedAncestors, stored, now);
      snapshotBytes = uploadedSnapshot.bytes();
      snapshotVersion = uploadedSnapshot.signed().version();
    } else {
      if (!signing.canSign(root.signed(), RoleName.SNAPSHOT)) {
        throw TrustServerException.of(ErrorCode.INVALID_UPDATE, Json.object()
            .put("Name", Json.of("ErrBadHierarchy"))
            .put("Error", Json.object()
                .put("Missing", Json.of("snapshot"))
                .put("Msg", Json.of("no snapshot was included in update and server does not hold current snapshot key for repository"))
                .build())
            .build());
      }
      Optional<StoredFile> previous = stored.latest(RoleName.SNAPSHOT);
      Map<RoleName, FileMeta> meta = new TreeMap<>();
      int previousVersion = 0;
      if (previous.isPresent()) {
        Signed<Snapshot> prev = decoded.snapshot(previous.get());
        meta.putAll(prev.signed().meta());
        previousVersion = prev.signed().version();
      } else if (!loadedTargets.containsKey(RoleName.TARGETS)) {
        throw TrustServerException.invalidUpdate("ErrValidation", "targets must be loaded first");
      }
      meta.put(RoleName.ROOT, FileMeta.of(root.bytes()));
      loadedTargets.forEach((role, t) -> meta.put(role, FileMeta.of(t.bytes())));
      Signed<Snapshot> generated = signing.snapshot(root.signed(), previousVersion, meta);
      snapshotBytes = generated.bytes();
      snapshotVersion = generated.signed().version();
    }
    out.add(new NewFile(RoleName.SNAPSHOT, snapshotVersion, snapshotBytes));

    // Step 5: timestamp, always server-signed
    if (!signing.canSign(root.signed(), RoleName.TIMESTAMP)) {
      throw TrustServerException.invalidUpdate("ErrBadRoot", "no  timestamp keys exist on the server");
    }
    int previousTimestamp = stored.latestVersion(RoleName.TIMESTAMP).orElse(0);
    Signed<Timestamp> ts = signing.timestamp(root.signed(), previousTimestamp, snapshotBytes);
    out.add(new NewFile(RoleName.TIMESTAMP, ts.signed().version(), ts.bytes()));
    return out;
  }

  /**
   * Targets, delegations and snapshot must be newer than what is stored; checked first so that of
   * two concurrent publishes the loser always learns it lost ({@code VERSION}), whatever else differs.
   * Root keeps the reference's order (its version rule is part of root validation).
   */
  private static void checkVersionsAreNew(Map<RoleName, Signed<? extends Metadata>> uploads, MetadataStore.Reader stored)
      throws IOException {
    for (var e : uploads.entrySet()) {
      if (e.getKey().equals(RoleName.ROOT)) {
        continue;
      }
      OptionalInt latest = stored.latestVersion(e.getKey());
      if (latest.isPresent() && latest.getAsInt() >= e.getValue().signed().version()) {
        throw TrustServerException.withEmptyDetail(ErrorCode.VERSION);
      }
    }
  }

  /** notary's first root check, on the version alone (reference server/handlers/validation.go). */
  private static void checkRootVersionStep(long offered, Optional<Signed<Root>> stored) {
    int current = stored.map(s -> s.signed().version()).orElse(1);
    if (offered != current && offered != current + 1) {
      throw badRoot("Root modifications must increment the version. Current " + current + ", new " + offered);
    }
  }

  /**
   * The root checks in notary's order (reference trustpinning/certs.go ValidateRoot, tuf/builder.go):
   * version step, structure (at decoding, plus reachable thresholds), valid leaf certificates, the
   * old root's threshold, the new root's own threshold, expiry.
   */
  private void validateRoot(Gun gun, Signed<Root> root, Optional<Signed<Root>> stored, Instant now) {
    int current = stored.map(s -> s.signed().version()).orElse(1);
    int offered = root.signed().version();
    checkRootVersionStep(offered, stored);
    if (stored.isPresent() && offered == current) {
      // same version as stored: only an identical re-post, which storage refuses with VERSION
      if (!stored.get().bytes().equals(root.bytes())) {
        throw TrustServerException.withEmptyDetail(ErrorCode.VERSION);
      }
    }
    Root r = root.signed();
    for (RoleName base : List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP)) {
      RoleKeys rk = r.role(base);
      long distinct = rk.keyIds().stream().distinct().count();
      if (distinct < rk.threshold()) {
        throw badRoot("root type metadata invalid: " + base + " role has threshold " + rk.threshold()
            + " but only " + distinct + " keys");
      }
    }
    Map<KeyId, PublicKey> validCerts;
    try {
      validCerts = RootCertificates.validRootKeys(r, gun, now, true);
    } catch (TufException e) {
      throw badRoot("could not validate the path to a trusted root: unable to retrieve valid leaf certificates");
    }
    if (stored.isPresent()) {
      Root old = stored.get().signed();
      Map<KeyId, PublicKey> oldKeys = new LinkedHashMap<>();
      for (KeyId id : old.role(RoleName.ROOT).keyIds()) {
        PublicKey k = old.keys().get(id);
        if (k != null && k.type().isCertificate()) {
          oldKeys.put(id, k);
        }
      }
      try {
        verifier.checkThreshold(RoleName.ROOT, root, new RoleKeys(List.copyOf(oldKeys.keySet()),
            old.role(RoleName.ROOT).threshold()), oldKeys);
      } catch (TufException e) {
        throw badRoot("could not rotate trust to a new trusted root: failed to validate data with current trusted certificates");
      }
    }
    if (validCerts.size() < r.role(RoleName.ROOT).threshold()) {
      throw badRoot("root threshold " + r.role(RoleName.ROOT).threshold() + " cannot be met by its "
          + validCerts.size() + " valid root certificates");
    }
    try {
      verifier.checkThreshold(RoleName.ROOT, root, new RoleKeys(List.copyOf(validCerts.keySet()),
          r.role(RoleName.ROOT).threshold()), validCerts);
    } catch (TufException e) {
      throw badRoot("could not validate the path to a trusted root: failed to validate integrity of roots");
    }
    if (r.expires().isBefore(now)) {
      throw badRoot("root expired at " + r.expires().goDisplay());
    }
  }

  private void validateSnapshot(Signed<Snapshot> snapshot, Signed<Root> root, Map<RoleName, Signed<Targets>> loaded,
      Map<RoleName, Signed<Targets>> storedAncestors, MetadataStore.Reader stored, Instant now) throws IOException {
    try {
      verifier.checkThreshold(RoleName.SNAPSHOT, snapshot, root.signed().role(RoleName.SNAPSHOT), root.signed().keys());
    } catch (TufException e) {
      throw badSnapshot(e.getMessage());
    }
    if (snapshot.signed().expires().isBefore(now)) {
      throw badSnapshot("snapshot expired at " + snapshot.signed().expires().goDisplay());
    }
    // Every file this update loads must be listed with its exact hashes and length
    Map<RoleName, Bytes> mustMatch = new LinkedHashMap<>();
    mustMatch.put(RoleName.ROOT, root.bytes());
    loaded.forEach((role, t) -> mustMatch.put(role, t.bytes()));
    storedAncestors.forEach((role, t) -> mustMatch.put(role, t.bytes()));
    for (var e : mustMatch.entrySet()) {
      FileMeta meta = snapshot.signed().metaFor(e.getKey())
          .orElseThrow(() -> badSnapshot("snapshot does not list " + e.getKey()));
      checkMeta(e.getKey(), meta, e.getValue());
    }
    // ...and every other file it names must be a file the server holds (notary 0.7 checks only the
    // files loaded above, so it accepted snapshots that made whole repositories unreadable)
    for (var e : snapshot.signed().meta().entrySet()) {
      if (mustMatch.containsKey(e.getKey())) {
        continue;
      }
      Optional<Bytes> sha256 = e.getValue().sha256();
      Optional<StoredFile> file = sha256.isEmpty() ? Optional.empty()
          : stored.byChecksum(e.getKey(), sha256.get().hex());
      if (file.isEmpty()) {
        throw badSnapshot("snapshot lists " + e.getKey() + " with checksums that match no stored version of it");
      }
      checkMeta(e.getKey(), e.getValue(), file.get().data());
    }
  }

  private static void checkMeta(RoleName role, FileMeta meta, Bytes bytes) {
    try {
      meta.check(role.value(), bytes);
    } catch (TufException e) {
      throw badSnapshot(e.getMessage());
    }
    if (meta.length() != bytes.length()) {
      throw badSnapshot("length for " + role + " did not match: expected " + meta.length() + ", is " + bytes.length());
    }
  }

  /**
   * Loads from storage every ancestor of a delegation that this update neither uploads nor has
   * loaded yet, {@code targets} first (reference server/handlers/validation.go
   * loadAndValidateTargets); a missing one is skipped, and the delegation then fails as undeclared.
   */
  private void loadStoredAncestors(RoleName role, Map<RoleName, Signed<Targets>> loaded,
      Map<RoleName, Signed<Targets>> storedAncestors, MetadataStore.Reader stored) throws IOException {
    List<RoleName> chain = new ArrayList<>();
    for (RoleName a = role.parent(); ; a = a.parent()) {
      chain.add(0, a);
      if (a.equals(RoleName.TARGETS)) {
        break;
      }
    }
    for (RoleName a : chain) {
      if (!loaded.containsKey(a) && !storedAncestors.containsKey(a)) {
        Optional<StoredFile> f = stored.latest(a);
        if (f.isPresent()) {
          storedAncestors.put(a, decoded.targets(f.get()));
        }
      }
    }
  }

  static TrustServerException badRoot(String msg) {
    return TrustServerException.invalidUpdate("ErrBadRoot", msg);
  }

  static TrustServerException badTargets(String msg) {
    return TrustServerException.invalidUpdate("ErrBadTargets", msg);
  }

  static TrustServerException badSnapshot(String msg) {
    return TrustServerException.invalidUpdate("ErrBadSnapshot", msg);
  }
}
