package dev.hallmark.server.publish;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.signer.KeyAlgorithm;
import dev.hallmark.signer.Signer;
import dev.hallmark.signer.SignerException;
import dev.hallmark.signer.SignerKey;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Expires;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata the server signs itself: snapshot (when the owner handed over that key) and
 * timestamp (always), with notary's default lifetimes (reference const.go: snapshot 3 years,
 * timestamp 14 days), and the public keys the key endpoints hand out.
 */
public final class ServerSigning {
  /** notary's snapshot lifetime: 3 × 365 days. */
  public static final Duration SNAPSHOT_LIFETIME = Duration.ofDays(3 * 365);
  /** notary's timestamp lifetime: 14 days. */
  public static final Duration TIMESTAMP_LIFETIME = Duration.ofDays(14);

  private final Signer signer;
  private final KeyAlgorithm algorithm;
  private final Clock clock;

  public ServerSigning(Signer signer, KeyAlgorithm algorithm, Clock clock) {
    this.signer = signer;
    this.algorithm = algorithm;
    this.clock = clock;
  }

  /**
   * The key the server uses for a role of a GUN: the first key of the role in the current root that
   * the signer holds, else a new (or still unused) one (reference server/timestamp/timestamp.go).
   */
  public PublicKey currentKey(Gun gun, RoleName role, Optional<Root> root) {
    if (root.isPresent()) {
      for (KeyId id : root.get().role(role).keyIds()) {
        Optional<PublicKey> held = held(id);
        if (held.isPresent()) {
          return held.get();
        }
      }
    }
    return newKey(gun, role);
  }

  /** A key for a role that becomes active once a root lists it (POST {@code <role>.key}). */
  public PublicKey newKey(Gun gun, RoleName role) {
    try {
      return signer.createKey(gun, role, algorithm);
    } catch (SignerException e) {
      throw TrustServerException.internal(ErrorCode.UNKNOWN, "signer failed to create a key", e);
    }
  }

  /** Whether the signer holds enough of the role's keys in this root to sign for it. */
  public boolean canSign(Root root, RoleName role) {
    return heldKeys(root, role).size() >= root.role(role).threshold();
  }

  /** A new snapshot: version {@code previous+1} (or 1), meta as given, expiry now + 3 years. */
  public Signed<Snapshot> snapshot(Root root, int previousVersion, Map<RoleName, FileMeta> meta) {
    var s = new Snapshot(previousVersion + 1, Expires.at(clock.instant().plus(SNAPSHOT_LIFETIME)), meta);
    return TufCodec.sign(s, sign(root, RoleName.SNAPSHOT, TufCodec.canonical(s)));
  }

  /** A new timestamp naming the snapshot bytes, expiry now + 14 days. */
  public Signed<Timestamp> timestamp(Root root, int previousVersion, Bytes snapshotBytes) {
    var t = new Timestamp(previousVersion + 1, Expires.at(clock.instant().plus(TIMESTAMP_LIFETIME)),
        FileMeta.of(snapshotBytes));
    return TufCodec.sign(t, sign(root, RoleName.TIMESTAMP, TufCodec.canonical(t)));
  }

  private List<Signature> sign(Root root, RoleName role, byte[] canonical) {
    List<KeyId> keys = heldKeys(root, role);
    if (keys.size() < root.role(role).threshold()) {
      throw new IllegalStateException("server does not hold enough " + role + " keys");
    }
    List<Signature> sigs = new ArrayList<>();
    for (KeyId id : keys) {
      try {
        sigs.add(signer.sign(id, canonical));
      } catch (SignerException e) {
        throw TrustServerException.internal(ErrorCode.UNKNOWN, "signer failed to sign " + role, e);
      }
    }
    return sigs;
  }

  private List<KeyId> heldKeys(Root root, RoleName role) {
    List<KeyId> out = new ArrayList<>();
    for (KeyId id : root.role(role).keyIds()) {
      PublicKey listed = root.keys().get(id);
      if (listed != null && held(id).filter(listed::equals).isPresent()) {
        out.add(id);
      }
    }
    return out;
  }

  private Optional<PublicKey> held(KeyId id) {
    try {
      return signer.publicKey(id).map(SignerKey::publicKey);
    } catch (SignerException e) {
      throw TrustServerException.internal(ErrorCode.UNKNOWN, "signer unavailable", e);
    }
  }
}
