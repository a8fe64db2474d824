package dev.hallmark.testkit;

import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.keys.RootCertificate;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.Expires;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository owner in a test: notary-compatible keys (root certificate, targets, snapshot) and
 * signed metadata built from them, the way {@code notary} builds it.
 */
public final class TestRepo {
  /** A private key and the public key metadata lists for it (a certificate for root keys). */
  public record Key(PrivateKey secret, PublicKey listed) {
    public static Key plain() {
      PrivateKey k = PrivateKey.generateEcdsa(KeyRole.TARGETS);
      return new Key(k, k.publicKey());
    }

    public static Key rootCertificate(Gun gun, Clock clock) {
      PrivateKey k = PrivateKey.generateEcdsa(KeyRole.ROOT);
      return new Key(k, RootCertificate.issue(k, gun, clock));
    }

    public static Key rootCertificate(Gun gun, Instant notBefore, Instant notAfter) {
      PrivateKey k = PrivateKey.generateEcdsa(KeyRole.ROOT);
      return new Key(k, RootCertificate.issue(k, gun, notBefore, notAfter));
    }

    public KeyId id() {
      return listed.id();
    }

    public Signature sign(byte[] message) {
      return secret.sign(message, listed);
    }
  }

  public final Gun gun;
  public final Clock clock;
  public Key root;
  public Key targets = Key.plain();
  /** The owner's snapshot key; used in the root unless {@link #snapshotKey} is set. */
  public Key snapshot = Key.plain();
  /** The snapshot key listed in the root when it is held by the server. */
  public PublicKey serverSnapshot;
  /** The server's timestamp key. */
  public PublicKey timestamp;
  public Duration lifetime = Duration.ofDays(365);

  public TestRepo(Gun gun, Clock clock, PublicKey serverTimestampKey) {
    this.gun = gun;
    this.clock = clock;
    this.root = Key.rootCertificate(gun, clock);
    this.timestamp = serverTimestampKey;
  }

  public Expires expires() {
    return Expires.at(clock.instant().plus(lifetime));
  }

  public PublicKey snapshotKey() {
    return serverSnapshot != null ? serverSnapshot : snapshot.listed();
  }

  /** A root listing the current keys, each role threshold 1, signed by the given keys (default: the root key). */
  public Signed<Root> root(int version, Key... signers) {
    Map<KeyId, PublicKey> keys = new LinkedHashMap<>();
    for (PublicKey k : List.of(root.listed(), targets.listed(), snapshotKey(), timestamp)) {
      keys.put(k.id(), k);
    }
    Map<RoleName, RoleKeys> roles = Map.of(
        RoleName.ROOT, new RoleKeys(List.of(root.id()), 1),
        RoleName.TARGETS, new RoleKeys(List.of(targets.id()), 1),
        RoleName.SNAPSHOT, new RoleKeys(List.of(snapshotKey().id()), 1),
        RoleName.TIMESTAMP, new RoleKeys(List.of(timestamp.id()), 1));
    return root(version, keys, roles, signers);
  }

  public Signed<Root> root(int version, Map<KeyId, PublicKey> keys, Map<RoleName, RoleKeys> roles, Key... signers) {
    Root r = new Root(version, expires(), keys, roles, false);
    return sign(r, signers.length == 0 ? new Key[] {root} : signers);
  }

  /** A targets file listing the given target names (content = the name), signed by the targets key. */
  public Signed<Targets> targets(int version, String... names) {
    return targets(RoleName.TARGETS, version, Delegations.NONE, targetMap(names), targets);
  }

  public Signed<Targets> targets(RoleName role, int version, Delegations delegations, Map<String, FileMeta> content,
      Key... signers) {
    return sign(new Targets(version, expires(), content, delegations), signers);
  }

  public static Map<String, FileMeta> targetMap(String... names) {
    Map<String, FileMeta> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, FileMeta.of(Bytes.wrap(n.getBytes(StandardCharsets.UTF_8))));
    }
    return m;
  }

  /** Delegations of {@code parent} to each named child, each with its own key, threshold 1, all paths. */
  public static Delegations delegations(Map<RoleName, Key> children) {
    Map<KeyId, PublicKey> keys = new LinkedHashMap<>();
    List<DelegatedRole> roles = new ArrayList<>();
    children.forEach((name, key) -> {
      keys.put(key.id(), key.listed());
      roles.add(new DelegatedRole(name, List.of(key.id()), 1, List.of("")));
    });
    return new Delegations(keys, roles);
  }

  /** A snapshot naming exactly these files, signed by the owner's snapshot key. */
  public Signed<Snapshot> snapshot(int version, Map<RoleName, ? extends Signed<?>> files) {
    Map<RoleName, FileMeta> meta = new LinkedHashMap<>();
    files.forEach((role, f) -> meta.put(role, FileMeta.of(f.bytes())));
    return sign(new Snapshot(version, expires(), meta), snapshot);
  }

  public static <T extends Metadata> Signed<T> sign(T m, Key... keys) {
    byte[] canonical = TufCodec.canonical(m);
    List<Signature> sigs = new ArrayList<>();
    for (Key k : keys) {
      sigs.add(k.sign(canonical));
    }
    return TufCodec.sign(m, sigs);
  }

  /** Role → bytes, as a publish carries them; arguments alternate role and signed file. */
  public static Map<RoleName, Bytes> upload(Object... roleThenFile) {
    Map<RoleName, Bytes> out = new LinkedHashMap<>();
    for (int i = 0; i < roleThenFile.length; i += 2) {
      Object f = roleThenFile[i + 1];
      out.put((RoleName) roleThenFile[i], f instanceof Bytes b ? b : ((Signed<?>) f).bytes());
    }
    return out;
  }
}
