package dev.hallmark.client;

import dev.hallmark.keys.KeyException;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.Expires;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Metadata;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A collection's metadata opened for writing: the in-memory counterpart of reference tuf/tuf.go
 * {@code Repo}. Changes are applied with notary's rules (client/helpers.go {@code applyChangelist}),
 * touched roles become dirty, and {@link #sign} re-signs them with version + 1 and notary's default
 * expiry, in the signer's local zone.
 */
final class EditableRepository {
  private static final System.Logger LOG = System.getLogger(EditableRepository.class.getName());
  /** reference const.go: notary's client-side default expiries. */
  static final Duration ROOT_EXPIRY = Duration.ofDays(10 * 365);
  static final Duration TARGETS_EXPIRY = Duration.ofDays(3 * 365);
  static final Duration SNAPSHOT_EXPIRY = Duration.ofDays(3 * 365);

  /** A targets role being edited. */
  static final class Role {
    Targets meta;
    List<Signature> signatures;
    boolean dirty;

    Role(Targets meta, List<Signature> signatures) {
      this.meta = meta;
      this.signatures = signatures;
    }
  }

  private final TrustDirKeyStore keys;
  private final Instant now;
  private final ZoneId zone;
  private final Map<KeyId, PrivateKey> unlocked = new HashMap<>();

  Root root;
  List<Signature> rootSignatures;
  boolean rootDirty;
  private final RoleKeys originalRootRole;
  private final Map<KeyId, PublicKey> originalRootKeys;
  final LinkedHashMap<RoleName, Role> targets = new LinkedHashMap<>();
  Snapshot snapshot;
  List<Signature> snapshotSignatures = List.of();

  EditableRepository(Signed<Root> root, TrustDirKeyStore keys, Instant now, ZoneId zone) {
    this.keys = keys;
    this.now = now;
    this.zone = zone;
    this.root = root.signed();
    this.rootSignatures = root.signatures();
    this.originalRootRole = root.signed().role(RoleName.ROOT);
    this.originalRootKeys = root.signed().keysOf(RoleName.ROOT);
  }

  void putTargets(RoleName role, Signed<Targets> file) {
    targets.put(role, new Role(file.signed(), file.signatures()));
  }

  void setSnapshot(Signed<Snapshot> file) {
    snapshot = file.signed();
    snapshotSignatures = file.signatures();
  }

  Expires expiresIn(Duration d) {
    return new Expires(now.plus(d).atZone(zone).toOffsetDateTime());
  }

  // ---- applying changes (reference client/helpers.go) ------------------------------------------

  void apply(Change c) {
    boolean delegationScope = c.scope().startsWith("targets/");
    if (c.scope().equals("targets") || delegationScope) {
      switch (c.type()) {
        case TARGET -> applyTarget(c);
        case DELEGATION -> applyDelegation(c);
        case WITNESS -> witness(RoleName.of(c.scope()));
        case ROLE -> throw new TrustException(new TrustFailure.Invalid(RoleName.TARGETS, TufException.Kind.INVALID_METADATA),
            "only target meta and delegations changes supported");
      }
    } else if (c.scope().equals("root")) {
      if (c.type() != Change.Type.ROLE) {
        throw invalidOp("type of root change not yet supported: " + c.type().wire());
      }
      if (c.action() != Change.Action.CREATE) {
        throw invalidOp("action not yet supported for root: " + c.action().wire());
      }
      Json.Obj d = payload(c);
      RoleName role = RoleName.of(str(d.get("role")));
      replaceBaseKeys(role, keyList(d.get("keys")));
    } else {
      throw invalidOp("scope not supported: " + c.scope());
    }
  }

  private void applyTarget(Change c) {
    RoleName role = roleName(c.scope());
    switch (c.action()) {
      case CREATE -> {
        Json.Obj d = payload(c);
        Map<String, Bytes> hashes = new TreeMap<>();
        if (d.get("hashes") instanceof Json.Obj h) {
          h.members().forEach((alg, v) -> hashes.put(alg, Bytes.fromBase64(str(v))));
        }
        long length = d.get("length") instanceof Json.Num n ? n.value() : 0;
        Optional<Json> custom = Optional.ofNullable(d.get("custom")).filter(j -> !(j instanceof Json.Null));
        addTarget(role, c.path(), new FileMeta(length, hashes, custom));
      }
      case DELETE -> removeTarget(role, c.path());
      case UPDATE -> throw invalidOp("action not yet supported: update");
    }
  }

  /** reference tuf/tuf.go {@code AddTargets}. */
  void addTarget(RoleName role, String name, FileMeta meta) {
    String cantSign = canSignProblem(role);   // throws for a role that does not exist
    Role r = targets.get(role);
    if (r == null) {
      r = initTargets(role);
    }
    if (!effectivePaths(role).stream().anyMatch(name::startsWith)) {
      throw invalidOp("Could not add all targets");
    }
    if (meta.equals(r.meta.targets().get(name))) {
      return;
    }
    if (cantSign != null) {
      throw invalidOp(cantSign);
    }
    Map<String, FileMeta> t = new TreeMap<>(r.meta.targets());
    t.put(name, meta);
    r.meta = new Targets(r.meta.version(), r.meta.expires(), t, r.meta.delegations());
    r.dirty = true;
  }

  /** reference tuf/tuf.go {@code RemoveTargets}. */
  void removeTarget(RoleName role, String name) {
    String cantSign = canSignProblem(role);
    Role r = targets.get(role);
    if (r == null || !r.meta.targets().containsKey(name)) {
      return;
    }
    if (cantSign != null) {
      throw invalidOp(cantSign);
    }
    Map<String, FileMeta> t = new TreeMap<>(r.meta.targets());
    t.remove(name);
    r.meta = new Targets(r.meta.version(), r.meta.expires(), t, r.meta.delegations());
    r.dirty = true;
  }

  private void applyDelegation(Change c) {
    switch (c.action()) {
      case CREATE -> {
        RoleName role = delegationName(c.scope());
        Json.Obj d = payload(c);
        int threshold = d.get("threshold") instanceof Json.Num n ? (int) n.value() : 0;
        updateDelegation(role, keyList(d.get("add_keys")), List.of(), List.of(), List.of(), false, threshold);
        updateDelegation(role, List.of(), List.of(), strings(d.get("add_paths")), List.of(), false, 1);
      }
      case UPDATE -> {
        Json.Obj d = payload(c);
        List<String> removeCanonical = strings(d.get("remove_keys"));
        if (c.scope().endsWith("/*")) {
          purgeKeys(RoleName.of(c.scope().substring(0, c.scope().length() - 2)), removeCanonical);
          return;
        }
        RoleName role = delegationName(c.scope());
        DelegatedRole existing = delegationRole(role)
            .orElseThrow(() -> invalidRole(role, "delegation does not exist"));
        Map<KeyId, PublicKey> parentKeys = targets.get(role.parent()).meta.delegations().keys();
        Map<String, KeyId> canonicalToTuf = new HashMap<>();
        for (KeyId id : existing.keyIds()) {
          PublicKey k = parentKeys.get(id);
          if (k != null) {
            canonicalToTuf.put(k.canonicalId().value(), id);
          }
        }
        List<KeyId> removeIds = new ArrayList<>();
        for (String canon : removeCanonical) {
          KeyId id = canonicalToTuf.get(canon);
          if (id != null) {
            removeIds.add(id);
          }
        }
        int threshold = d.get("threshold") instanceof Json.Num n ? (int) n.value() : 0;
        updateDelegation(role, keyList(d.get("add_keys")), removeIds, List.of(), List.of(), false, threshold);
        boolean clear = d.get("clear_paths") instanceof Json.Bool b && b.value();
        updateDelegation(role, List.of(), List.of(), strings(d.get("add_paths")), strings(d.get("remove_paths")), clear, 1);
      }
      case DELETE -> deleteDelegation(delegationName(c.scope()));
    }
  }

  /** reference tuf/tuf.go {@code UpdateDelegationKeys}/{@code UpdateDelegationPaths} and their visitor. */
  private void updateDelegation(RoleName role, List<PublicKey> addKeys, List<KeyId> removeKeys,
      List<String> addPaths, List<String> removePaths, boolean clearPaths, int newThreshold) {
    RoleName parent = role.parent();
    String cantSign = canSignProblem(parent);
    if (cantSign != null) {
      throw invalidOp(cantSign);
    }
    Role p = targets.get(parent);
    if (p == null) {
      p = initTargets(parent);
    }
    List<String> parentPaths = effectivePaths(parent);
    for (String ap : addPaths) {
      if (parentPaths.stream().noneMatch(ap::startsWith)) {
        throw invalidRole(role, "invalid paths to add to role");
      }
    }
    List<DelegatedRole> roles = new ArrayList<>(p.meta.delegations().roles());
    int at = -1;
    for (int i = 0; i < roles.size(); i++) {
      if (roles.get(i).name().equals(role)) {
        at = i;
      }
    }
    List<KeyId> keyIds;
    List<String> paths;
    int threshold;
    if (at >= 0) {
      DelegatedRole old = roles.get(at);
      paths = new ArrayList<>(old.paths());
      paths.removeAll(removePaths);
      if (clearPaths) {
        paths.clear();
      }
      for (String ap : addPaths) {
        if (!paths.contains(ap)) {
          paths.add(ap);
        }
      }
      keyIds = new ArrayList<>(old.keyIds());
      keyIds.removeAll(removeKeys);
      threshold = old.threshold();
    } else {
      if (newThreshold < 1) {
        throw invalidRole(role, "threshold must be at least 1");
      }
      keyIds = new ArrayList<>();
      paths = new ArrayList<>(new LinkedHashSet<>(addPaths));
      threshold = newThreshold;
    }
    for (PublicKey k : addKeys) {
      if (!keyIds.contains(k.id())) {
        keyIds.add(k.id());
      }
    }
    if (keyIds.size() < threshold) {
      LOG.log(Level.WARNING, "role {0} has fewer keys than its threshold of {1}; it will not be usable until keys are added to it",
          role, threshold);
    }
    Map<KeyId, PublicKey> dkeys = new TreeMap<>(p.meta.delegations().keys());
    for (PublicKey k : addKeys) {
      dkeys.put(k.id(), k);
    }
    DelegatedRole updated = new DelegatedRole(role, keyIds, threshold, paths);
    if (at >= 0) {
      roles.set(at, updated);
    } else {
      roles.add(updated);
    }
    setDelegations(p, dkeys, roles);
  }

  /** Sets a file's delegations, dropping keys no role uses (reference tuf/utils {@code RemoveUnusedKeys}). */
  private static void setDelegations(Role p, Map<KeyId, PublicKey> keys, List<DelegatedRole> roles) {
    Set<KeyId> used = new java.util.HashSet<>();
    roles.forEach(r -> used.addAll(r.keyIds()));
    Map<KeyId, PublicKey> kept = new TreeMap<>();
    keys.forEach((id, k) -> {
      if (used.contains(id)) {
        kept.put(id, k);
      }
    });
    p.meta = new Targets(p.meta.version(), p.meta.expires(), p.meta.targets(), new Delegations(kept, roles));
    p.dirty = true;
  }

  /** reference tuf/tuf.go {@code DeleteDelegation}. */
  private void deleteDelegation(RoleName role) {
    RoleName parent = role.parent();
    String cantSign = canSignProblem(parent);
    if (cantSign != null) {
      throw invalidOp(cantSign);
    }
    targets.remove(role);
    if (snapshot != null && snapshot.meta().containsKey(role)) {
      Map<RoleName, FileMeta> m = new TreeMap<>(snapshot.meta());
      m.remove(role);
      snapshot = new Snapshot(snapshot.version(), snapshot.expires(), m);
    }
    Role p = targets.get(parent);
    if (p == null) {
      return;
    }
    List<DelegatedRole> roles = new ArrayList<>(p.meta.delegations().roles());
    if (roles.removeIf(r -> r.name().equals(role))) {
      setDelegations(p, p.meta.delegations().keys(), roles);
    }
  }

  /** reference tuf/tuf.go {@code PurgeDelegationKeys}: remove keys (canonical IDs) from every delegation under start. */
  private void purgeKeys(RoleName start, List<String> canonicalIds) {
    Set<String> remove = Set.copyOf(canonicalIds);
    for (var e : new ArrayList<>(targets.entrySet())) {
      RoleName name = e.getKey();
      if (!(name.equals(start) || name.value().startsWith(start.value() + "/"))) {
        continue;
      }
      Role r = e.getValue();
      List<KeyId> candidates = new ArrayList<>();
      r.meta.delegations().keys().forEach((id, k) -> {
        if (remove.contains(k.canonicalId().value())) {
          candidates.add(id);
        }
      });
      if (candidates.isEmpty()) {
        continue;
      }
      if (canSignProblem(name) != null) {
        LOG.log(Level.WARNING, "role {0} contains keys being purged but you do not have the necessary keys present to sign it; "
            + "keys will not be purged from {0} or its immediate children", name);
        continue;
      }
      Map<KeyId, PublicKey> keys = new TreeMap<>(r.meta.delegations().keys());
      candidates.forEach(keys::remove);
      List<DelegatedRole> roles = new ArrayList<>();
      for (DelegatedRole d : r.meta.delegations().roles()) {
        List<KeyId> ids = new ArrayList<>(d.keyIds());
        ids.removeAll(candidates);
        roles.add(new DelegatedRole(d.name(), ids, d.threshold(), d.paths()));
      }
      setDelegations(r, keys, roles);
    }
  }

  /** reference client/witness.go {@code witnessTargets}. */
  private void witness(RoleName role) {
    Role r = targets.get(role);
    if (r == null) {
      throw invalidRole(role, "this role is not known");
    }
    r.dirty = true;
  }

  /** reference tuf/tuf.go {@code ReplaceBaseKeys}. */
  void replaceBaseKeys(RoleName role, List<PublicKey> newKeys) {
    RoleKeys old = root.role(role);
    Map<KeyId, PublicKey> rootKeys = new TreeMap<>(root.keys());
    Map<RoleName, RoleKeys> roles = new TreeMap<>(root.roles());
    if (!role.equals(RoleName.ROOT)) {
      Set<KeyId> elsewhere = new java.util.HashSet<>();
      roles.forEach((n, rk) -> {
        if (!n.equals(role)) {
          elsewhere.addAll(rk.keyIds());
        }
      });
      for (KeyId id : old.keyIds()) {
        if (!elsewhere.contains(id)) {
          PublicKey k = rootKeys.remove(id);
          if (k != null) {
            deletePrivateKey(k);
          }
        }
      }
    }
    List<KeyId> ids = new ArrayList<>();
    for (PublicKey k : newKeys) {
      rootKeys.put(k.id(), k);
      ids.add(k.id());
    }
    roles.put(role, new RoleKeys(ids, old.threshold()));
    root = root.with(root.version(), root.expires(), rootKeys, roles);
    rootDirty = true;
    if (role.equals(RoleName.TARGETS) && targets.containsKey(RoleName.TARGETS)) {
      targets.get(RoleName.TARGETS).dirty = true;
    }
  }

  private void deletePrivateKey(PublicKey k) {
    try {
      if (keys.entry(k.canonicalId()).isPresent()) {
        keys.remove(k.canonicalId());
      }
    } catch (IOException | KeyException e) {
      LOG.log(Level.WARNING, "could not remove old key {0}: {1}", k.canonicalId(), e.getMessage());
    }
  }

  // ---- roles, keys --------------------------------------------------------------------------------

  private Role initTargets(RoleName role) {
    Role r = new Role(new Targets(0, expiresIn(TARGETS_EXPIRY), Map.of(), Delegations.NONE), List.of());
    targets.put(role, r);
    return r;
  }

  /** The entry of a delegation in its loaded parent (reference {@code GetDelegationRole}). */
  Optional<DelegatedRole> delegationRole(RoleName role) {
    Role p = targets.get(role.parent());
    return p == null ? Optional.empty() : p.meta.delegations().role(role);
  }

  /** A role's path prefixes restricted by its ancestors' (reference {@code RestrictDelegationPathPrefixes}). */
  List<String> effectivePaths(RoleName role) {
    if (role.equals(RoleName.TARGETS)) {
      return List.of("");
    }
    List<String> parent = effectivePaths(role.parent());
    List<String> out = new ArrayList<>();
    for (String p : delegationRole(role).map(DelegatedRole::paths).orElse(List.of())) {
      if (parent.stream().anyMatch(p::startsWith)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The keys and threshold of a role. @throws TrustException for a role that does not exist */
  RoleKeysWithKeys roleKeys(RoleName role) {
    if (role.isDelegation()) {
      DelegatedRole d = delegationRole(role).orElseThrow(() -> invalidRole(role, "delegation does not exist"));
      Map<KeyId, PublicKey> pool = targets.get(role.parent()).meta.delegations().keys();
      Map<KeyId, PublicKey> ks = new LinkedHashMap<>();
      d.keyIds().forEach(id -> {
        if (pool.containsKey(id)) {
          ks.put(id, pool.get(id));
        }
      });
      return new RoleKeysWithKeys(ks, d.threshold());
    }
    return new RoleKeysWithKeys(root.keysOf(role), root.role(role).threshold());
  }

  record RoleKeysWithKeys(Map<KeyId, PublicKey> keys, int threshold) {}

  /** Null when a local key of the role is held, else notary's {@code ErrNoKeys} text; throws for an unknown role. */
  String canSignProblem(RoleName role) {
    RoleKeysWithKeys rk = roleKeys(role);
    List<String> canonical = new ArrayList<>();
    for (PublicKey k : rk.keys().values()) {
      canonical.add(k.canonicalId().value());
      if (held(k) && usable(k)) {
        return null;
      }
    }
    return "could not find necessary signing keys, at least one of these keys must be available: "
        + String.join(", ", canonical);
  }

  /**
   * Whether a held key can be read: as notary's {@code VerifyCanSign} (GetPrivateKey), a key whose
   * passphrase is refused counts as missing.
   */
  private boolean usable(PublicKey k) {
    try {
      privateKey(k);
      return true;
    } catch (KeyException e) {
      if (e.kind() == KeyException.Kind.PASSPHRASE_INVALID) {
        return false;
      }
      throw e;
    }
  }

  boolean held(PublicKey k) {
    try {
      return unlocked.containsKey(k.canonicalId()) || keys.entry(k.canonicalId()).isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- signing ------------------------------------------------------------------------------------

  /** Signs canonical bytes with every held key of the given roles' keys (reference tuf/signed/sign.go). */
  List<Signature> signWith(byte[] canonical, List<RoleKeysWithKeys> roles) {
    Map<KeyId, Signature> sigs = new LinkedHashMap<>();
    for (RoleKeysWithKeys rk : roles) {
      int found = 0;
      List<String> missing = new ArrayList<>();
      for (var e : rk.keys().entrySet()) {
        PublicKey k = e.getValue();
        if (!held(k)) {
          missing.add(k.canonicalId().value());
          continue;
        }
        found++;
        if (!sigs.containsKey(e.getKey())) {
          sigs.put(e.getKey(), privateKey(k).sign(canonical, k));
        }
      }
      if (found < rk.threshold()) {
        throw new InsufficientSignatures(found, rk.threshold(), missing);
      }
    }
    return List.copyOf(sigs.values());
  }

  private PrivateKey privateKey(PublicKey k) {
    KeyId id = k.canonicalId();
    PrivateKey p = unlocked.get(id);
    if (p == null) {
      try {
        p = keys.key(id);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      unlocked.put(id, p);
    }
    return p;
  }

  /** reference tuf/signed/errors.go {@code ErrInsufficientSignatures}. */
  static final class InsufficientSignatures extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int found;

    InsufficientSignatures(int found, int needed, List<String> missing) {
      super(found == 0
          ? "signing keys not available: need " + needed + " keys out of: " + missing
          : "not enough signing keys: found " + found + " of " + needed + " needed keys");
      this.found = found;
    }
  }

  /** Whether root expires within six months (reference client/helpers.go {@code nearExpiry}). */
  boolean rootNearExpiry() {
    return root.expires().instant().isBefore(now.atZone(zone).plusMonths(6).toInstant());
  }

  /** reference tuf/tuf.go {@code SignRoot}: version + 1, signed by the previous and current root keys. */
  Bytes signRoot() {
    return signRoot(Map.of());
  }

  /**
   * {@link #signRoot()}, also signing with every held key of {@code legacyKeys} (reference tuf/tuf.go
   * {@code SignRoot} {@code extraSigningKeys}: optional, missing private keys are skipped).
   */
  Bytes signRoot(Map<KeyId, PublicKey> legacyKeys) {
    Root next = root.with(root.version() + 1, expiresIn(ROOT_EXPIRY), root.keys(), root.roles());
    List<RoleKeysWithKeys> with = new ArrayList<>();
    RoleKeys current = next.role(RoleName.ROOT);
    if (!current.equals(originalRootRole)) {
      with.add(new RoleKeysWithKeys(originalRootKeys, originalRootRole.threshold()));
    }
    with.add(new RoleKeysWithKeys(next.keysOf(RoleName.ROOT), current.threshold()));
    if (!legacyKeys.isEmpty()) {
      with.add(new RoleKeysWithKeys(legacyKeys, 0));
    }
    List<Signature> sigs = signWith(TufCodec.canonical(next), with);
    root = next;
    rootSignatures = sigs;
    rootDirty = false;
    return TufCodec.encode(root, sigs);
  }

  /** reference tuf/tuf.go {@code SignTargets}. */
  Bytes signTargets(RoleName role) {
    Role r = targets.get(role);
    Targets next = new Targets(r.meta.version() + 1, expiresIn(TARGETS_EXPIRY), r.meta.targets(), r.meta.delegations());
    List<Signature> sigs = signWith(TufCodec.canonical(next), List.of(roleKeys(role)));
    r.meta = next;
    r.signatures = sigs;
    r.dirty = false;
    return TufCodec.encode(next, sigs);
  }

  /**
   * reference tuf/tuf.go {@code SignSnapshot}: meta of root and every loaded targets role over their
   * re-serialized bytes (identical to the files, as every file we write is a fixed point).
   */
  Bytes signSnapshot() {
    Map<RoleName, FileMeta> meta = new TreeMap<>(snapshot == null ? Map.of() : snapshot.meta());
    meta.put(RoleName.ROOT, FileMeta.of(TufCodec.encode(root, rootSignatures)));
    targets.forEach((name, r) -> meta.put(name, FileMeta.of(TufCodec.encode(r.meta, r.signatures))));
    int version = snapshot == null ? 0 : snapshot.version();
    Snapshot next = new Snapshot(version + 1, expiresIn(SNAPSHOT_EXPIRY), meta);
    List<Signature> sigs = signWith(TufCodec.canonical(next), List.of(roleKeys(RoleName.SNAPSHOT)));
    snapshot = next;
    snapshotSignatures = sigs;
    return TufCodec.encode(next, sigs);
  }

  static Bytes encode(Metadata m, List<Signature> sigs) {
    return TufCodec.encode(m, sigs);
  }

  // ---- payload parsing ----------------------------------------------------------------------------

  private static Json.Obj payload(Change c) {
    if (c.data().length() == 0) {
      return Json.object().build();
    }
    if (JsonReader.forMetadata().parse(c.data().unsafeArray()) instanceof Json.Obj o) {
      return o;
    }
    throw invalidOp("change payload is not a JSON object");
  }

  private static String str(Json j) {
    if (j instanceof Json.Str s) {
      return s.value();
    }
    throw invalidOp("expected a JSON string in change payload");
  }

  private static List<String> strings(Json j) {
    List<String> out = new ArrayList<>();
    if (j instanceof Json.Arr a) {
      a.items().forEach(i -> out.add(str(i)));
    }
    return out;
  }

  private static List<PublicKey> keyList(Json j) {
    List<PublicKey> out = new ArrayList<>();
    if (j instanceof Json.Arr a) {
      for (Json k : a.items()) {
        out.add(TufCodec.decodePublicKey(Bytes.wrap(GoJson.encode(k))));
      }
    }
    return out;
  }

  private static RoleName roleName(String scope) {
    try {
      return RoleName.of(scope);
    } catch (IllegalArgumentException e) {
      throw new TrustException(new TrustFailure.UnknownRole(RoleName.TARGETS), "tuf: invalid role " + scope + ".");
    }
  }

  private static RoleName delegationName(String scope) {
    RoleName r = roleName(scope);
    if (!r.isDelegation()) {
      throw invalidRole(r, "not a valid delegated role");
    }
    return r;
  }

  static TrustException invalidRole(RoleName role, String reason) {
    return new TrustException(new TrustFailure.UnknownRole(role), "tuf: invalid role " + role + ". " + reason);
  }

  static TrustException invalidOp(String message) {
    return new TrustException(new TrustFailure.Invalid(RoleName.TARGETS, TufException.Kind.INVALID_METADATA), message);
  }
}
