package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.Expires;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.Metadata;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.SignatureMethod;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A signed TUF repository built in the test with JDK keys, published as the files a notary-server
 * serves: {@code root.json}, {@code N.root.json}, {@code timestamp.json} and hashed names.
 */
final class TestRepo {
  /** A signing key and its metadata public key. */
  record TestKey(KeyPair pair, PublicKey publicKey) {
    static TestKey plain() {
      KeyPair kp = TestPki.ecKey();
      return new TestKey(kp, new PublicKey(KeyType.ECDSA, Bytes.wrap(kp.getPublic().getEncoded())));
    }

    static TestKey rootCert(Gun gun, Instant now) {
      KeyPair kp = TestPki.ecKey();
      X509Certificate cert = TestPki.selfSigned(gun.value(), kp, now, Duration.ofDays(3650));
      return new TestKey(kp, Keys.fromCertificate(cert));
    }

    KeyId id() {
      return publicKey.id();
    }

    Signature sign(byte[] message) {
      try {
        var s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(pair.getPrivate());
        s.update(message);
        return new Signature(id(), SignatureMethod.ECDSA, Bytes.wrap(s.sign()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  final Gun gun;
  final Instant now;
  TestKey rootKey;
  TestKey targetsKey = TestKey.plain();
  TestKey snapshotKey = TestKey.plain();
  TestKey timestampKey = TestKey.plain();
  int rootVersion = 0;
  final Map<RoleName, Integer> versions = new HashMap<>();
  final Map<RoleName, Instant> expires = new HashMap<>();
  final Map<RoleName, Map<String, FileMeta>> content = new LinkedHashMap<>();
  final Map<RoleName, List<DelegatedRole>> delegations = new HashMap<>();
  final Map<RoleName, Map<KeyId, PublicKey>> delegationKeys = new HashMap<>();
  final Map<RoleName, TestKey> signers = new HashMap<>();
  /** Keys that sign a role's files besides its signer (or the base role's key). */
  final Map<RoleName, List<TestKey>> cosigners = new HashMap<>();
  /** Root role entries that replace the default one-key, threshold-1 entry of a base role. */
  final Map<RoleName, RoleKeys> rootRoles = new HashMap<>();
  /** Keys root.json lists besides the four base role keys. */
  final Map<KeyId, PublicKey> extraRootKeys = new HashMap<>();
  /** Current signed files by role. */
  final Map<RoleName, Signed<? extends Metadata>> files = new LinkedHashMap<>();
  /** What the server serves, by file name below {@code _trust/tuf/}. */
  final Map<String, Bytes> served = new LinkedHashMap<>();
  Signed<Root> root;

  TestRepo(String gun, Instant now) {
    this.gun = new Gun(gun);
    this.now = now;
    this.rootKey = TestKey.rootCert(this.gun, now);
    content.put(RoleName.TARGETS, new LinkedHashMap<>());
    signers.put(RoleName.TARGETS, targetsKey);
    signRoot(List.of(rootKey));
  }

  Instant expiry(RoleName role) {
    return expires.getOrDefault(role, now.plus(Duration.ofDays(365)));
  }

  static <T extends Metadata> Signed<T> sign(T meta, List<TestKey> keys) {
    byte[] canonical = TufCodec.canonical(meta);
    List<Signature> sigs = new ArrayList<>();
    for (TestKey k : keys) {
      sigs.add(k.sign(canonical));
    }
    return TufCodec.sign(meta, sigs);
  }

  /** Signs a new root version with the current keys, by the given root keys. */
  Signed<Root> signRoot(List<TestKey> signedBy) {
    rootVersion++;
    Map<KeyId, PublicKey> keys = new HashMap<>();
    for (TestKey k : List.of(rootKey, targetsKey, snapshotKey, timestampKey)) {
      keys.put(k.id(), k.publicKey());
    }
    keys.putAll(extraRootKeys);
    Map<RoleName, RoleKeys> roles = new HashMap<>(Map.of(
        RoleName.ROOT, new RoleKeys(List.of(rootKey.id()), 1),
        RoleName.TARGETS, new RoleKeys(List.of(targetsKey.id()), 1),
        RoleName.SNAPSHOT, new RoleKeys(List.of(snapshotKey.id()), 1),
        RoleName.TIMESTAMP, new RoleKeys(List.of(timestampKey.id()), 1)));
    roles.putAll(rootRoles);
    root = sign(new Root(rootVersion, Expires.at(expiry(RoleName.ROOT)), keys, roles, false), signedBy);
    files.put(RoleName.ROOT, root);
    served.put("root.json", root.bytes());
    served.put(rootVersion + ".root.json", root.bytes());
    return root;
  }

  /** Replaces the root key (and optionally the other keys) and signs the new root with old and new key. */
  void rotateRoot(boolean alsoTimestampKey) {
    TestKey old = rootKey;
    rootKey = TestKey.rootCert(gun, now);
    if (alsoTimestampKey) {
      timestampKey = TestKey.plain();
    }
    signRoot(List.of(old, rootKey));
  }

  static FileMeta targetMeta(String content) {
    return FileMeta.of(Bytes.wrap(content.getBytes(StandardCharsets.UTF_8)));
  }

  void addTarget(RoleName role, String name, String data) {
    content.get(role).put(name, targetMeta(data));
  }

  void delegate(RoleName parent, String child, List<String> paths, TestKey key) {
    delegate(parent, child, paths, 1, List.of(key));
  }

  /** Declares a delegation of the listed keys with a threshold; the first key signs its files. */
  void delegate(RoleName parent, String child, List<String> paths, int threshold, List<TestKey> keys) {
    RoleName name = RoleName.of(child);
    List<DelegatedRole> declared = delegations.computeIfAbsent(parent, p -> new ArrayList<>());
    declared.removeIf(d -> d.name().equals(name));
    declared.add(new DelegatedRole(name, keys.stream().map(TestKey::id).toList(), threshold, paths));
    for (TestKey key : keys) {
      delegationKeys.computeIfAbsent(parent, p -> new HashMap<>()).put(key.id(), key.publicKey());
    }
    content.putIfAbsent(name, new LinkedHashMap<>());
    signers.put(name, keys.getFirst());
  }

  private List<TestKey> signing(RoleName role, TestKey key) {
    List<TestKey> all = new ArrayList<>(List.of(key));
    all.addAll(cosigners.getOrDefault(role, List.of()));
    return all;
  }

  int nextVersion(RoleName role) {
    return versions.merge(role, 1, Integer::sum);
  }

  Signed<Targets> signTargets(RoleName role) {
    Delegations d = new Delegations(delegationKeys.getOrDefault(role, Map.of()), delegations.getOrDefault(role, List.of()));
    Targets t = new Targets(nextVersion(role), Expires.at(expiry(role)), content.get(role), d);
    Signed<Targets> s = sign(t, signing(role, signers.get(role)));
    files.put(role, s);
    return s;
  }

  Signed<Snapshot> signSnapshot() {
    Map<RoleName, FileMeta> meta = new HashMap<>();
    files.forEach((role, f) -> {
      if (role.equals(RoleName.ROOT) || role.isTargetsFamily()) {
        meta.put(role, FileMeta.of(f.bytes()));
      }
    });
    Signed<Snapshot> s = sign(new Snapshot(nextVersion(RoleName.SNAPSHOT), Expires.at(expiry(RoleName.SNAPSHOT)), meta),
        signing(RoleName.SNAPSHOT, snapshotKey));
    files.put(RoleName.SNAPSHOT, s);
    return s;
  }

  Signed<Timestamp> signTimestamp() {
    Signed<Timestamp> s = sign(new Timestamp(nextVersion(RoleName.TIMESTAMP), Expires.at(expiry(RoleName.TIMESTAMP)),
        FileMeta.of(files.get(RoleName.SNAPSHOT).bytes())), signing(RoleName.TIMESTAMP, timestampKey));
    files.put(RoleName.TIMESTAMP, s);
    return s;
  }

  /** Re-signs the given targets roles (all that have no file yet, too), snapshot and timestamp, and serves them. */
  TestRepo publish(RoleName... dirty) {
    for (RoleName r : content.keySet()) {
      if (!files.containsKey(r) || List.of(dirty).contains(r)) {
        signTargets(r);
      }
    }
    signSnapshot();
    signTimestamp();
    serveFiles();
    return this;
  }

  /** Puts the current files on the server. */
  void serveFiles() {
    files.forEach((role, f) -> {
      if (role.equals(RoleName.TIMESTAMP)) {
        served.put("timestamp.json", f.bytes());
      } else {
        served.put(role.value() + "." + f.bytes().sha256().hex() + ".json", f.bytes());
        if (!role.equals(RoleName.ROOT)) {
          served.put(role.value() + ".json", f.bytes());
        }
      }
    });
  }

  /** Serves a file under the name its current parent meta gives it. */
  void serveAs(RoleName role, Bytes bytes) {
    FileMeta m = role.equals(RoleName.SNAPSHOT)
        ? ((Timestamp) files.get(RoleName.TIMESTAMP).signed()).snapshot()
        : ((Snapshot) files.get(RoleName.SNAPSHOT).signed()).metaFor(role).orElseThrow();
    served.put(role.value() + "." + m.sha256().orElseThrow().hex() + ".json", bytes);
  }

  Optional<Bytes> file(RoleName role) {
    return Optional.ofNullable(files.get(role)).map(Signed::bytes);
  }
}
