package dev.hallmark.server.fetch;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.server.publish.ServerSigning;
import dev.hallmark.server.store.MetadataStore;
import dev.hallmark.server.store.NewFile;
import dev.hallmark.server.store.StoredFile;
import dev.hallmark.server.store.VersionConflictException;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reading metadata: the current file of a role (walking timestamp → snapshot → role by checksum, as
 * the reference's SQL store does), a file by checksum or version, and re-signing of an expired
 * timestamp or server-held snapshot on read (reference server/handlers/roles.go).
 *
 * <p>Serves stored bytes from a per-GUN cache; {@link #invalidate} drops a GUN's entry after any
 * change. The cache is bounded in GUNs, files per GUN, and file size.
 */
public final class MetadataFetch {
  private static final int MAX_GUNS = 10_000;
  private static final int MAX_FILES_PER_GUN = 256;
  private static final int MAX_CACHED_FILE = 1 << 20;

  private final MetadataStore store;
  private final ServerSigning signing;
  private final Clock clock;
  private final ConcurrentHashMap<Gun, View> views = new ConcurrentHashMap<>();
  private final java.util.List<java.util.function.Consumer<Gun>> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public MetadataFetch(MetadataStore store, ServerSigning signing, Clock clock) {
    this.store = store;
    this.signing = signing;
    this.clock = clock;
  }

  /** What is known of a GUN's current state: its timestamp and snapshot, and files looked up. */
  private static final class View {
    final StoredFile timestamp; // null: no metadata
    final StoredFile snapshot;
    final Snapshot snapshotMeta;
    final Instant expires; // earlier of timestamp and snapshot expiry
    final Served timestampServed;
    final Served snapshotServed;
    final ConcurrentHashMap<String, Served> files = new ConcurrentHashMap<>();

    View(StoredFile timestamp, StoredFile snapshot, Snapshot snapshotMeta, Instant expires) {
      this.timestamp = timestamp;
      this.snapshot = snapshot;
      this.snapshotMeta = snapshotMeta;
      this.expires = expires;
      this.timestampServed = timestamp == null ? null : Served.of(timestamp);
      this.snapshotServed = snapshot == null ? null : Served.of(snapshot);
    }

    Served remember(String key, StoredFile f) {
      Served s = Served.of(f);
      if (f.data().length() <= MAX_CACHED_FILE && files.size() < MAX_FILES_PER_GUN) {
        files.put(key, s);
      }
      return s;
    }
  }

  /** Drops what is cached of a GUN and tells the change listeners; call after every change of its metadata. */
  public void invalidate(Gun gun) {
    views.remove(gun);
    for (var l : changeListeners) {
      l.accept(gun);
    }
  }

  /** Calls {@code listener} after every change of a GUN's metadata (publish, delete, re-sign), in this process. */
  public void onChange(java.util.function.Consumer<Gun> listener) {
    changeListeners.add(java.util.Objects.requireNonNull(listener));
  }

  /**
   * The current file of a role; for timestamp and snapshot, re-signed first if expired.
   *
   * @throws TrustServerException {@code UNKNOWN} when an expired file cannot be re-signed
   */
  public Optional<Served> current(Gun gun, RoleName role) throws IOException {
    View v = view(gun);
    if (v.timestamp == null) {
      return Optional.empty();
    }
    if (role.equals(RoleName.TIMESTAMP) || role.equals(RoleName.SNAPSHOT)) {
      if (!v.expires.isAfter(clock.instant())) {
        resign(gun);
        v = view(gun);
        if (v.timestamp == null) {
          return Optional.empty();
        }
      }
      return Optional.of(role.equals(RoleName.TIMESTAMP) ? v.timestampServed : v.snapshotServed);
    }
    Optional<FileMeta> meta = v.snapshotMeta.metaFor(role);
    if (meta.isEmpty() || meta.get().sha256().isEmpty()) {
      return Optional.empty();
    }
    return checksum(gun, v, role, meta.get().sha256().get().hex());
  }

  /**
   * The current file of a role if it can be answered from memory without blocking: cached and, for
   * timestamp and snapshot, not expired. Empty means "ask {@link #current}", not "absent".
   */
  public Optional<Served> cachedCurrent(Gun gun, RoleName role) {
    View v = views.get(gun);
    if (v == null || v.timestamp == null) {
      return Optional.empty();
    }
    if (role.equals(RoleName.TIMESTAMP) || role.equals(RoleName.SNAPSHOT)) {
      if (!v.expires.isAfter(clock.instant())) {
        return Optional.empty();
      }
      return Optional.of(role.equals(RoleName.TIMESTAMP) ? v.timestampServed : v.snapshotServed);
    }
    Optional<FileMeta> meta = v.snapshotMeta.metaFor(role);
    if (meta.isEmpty() || meta.get().sha256().isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(v.files.get("c" + role.value() + "." + meta.get().sha256().get().hex()));
  }

  /** A file by checksum if cached; empty means "ask {@link #byChecksum}". */
  public Optional<Served> cachedByChecksum(Gun gun, RoleName role, String sha256) {
    View v = views.get(gun);
    return v == null ? Optional.empty() : Optional.ofNullable(v.files.get("c" + role.value() + "." + sha256));
  }

  /** A file by version if cached; empty means "ask {@link #byVersion}". */
  public Optional<Served> cachedByVersion(Gun gun, RoleName role, int version) {
    View v = views.get(gun);
    return v == null ? Optional.empty() : Optional.ofNullable(v.files.get("v" + role.value() + "." + version));
  }

  /** The file of a role with the given SHA-256 (lowercase hex). */
  public Optional<Served> byChecksum(Gun gun, RoleName role, String sha256) throws IOException {
    return checksum(gun, view(gun), role, sha256);
  }

  private Optional<Served> checksum(Gun gun, View v, RoleName role, String sha256) throws IOException {
    String key = "c" + role.value() + "." + sha256;
    Served f = v.files.get(key);
    if (f == null) {
      Optional<StoredFile> found = store.byChecksum(gun, role, sha256);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      f = v.remember(key, found.get());
    }
    return Optional.of(f);
  }

  /** The file of a role with the given version. */
  public Optional<Served> byVersion(Gun gun, RoleName role, int version) throws IOException {
    View v = view(gun);
    String key = "v" + role.value() + "." + version;
    Served f = v.files.get(key);
    if (f == null) {
      Optional<StoredFile> found = store.byVersion(gun, role, version);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      f = v.remember(key, found.get());
    }
    return Optional.of(f);
  }

  private View view(Gun gun) throws IOException {
    View v = views.get(gun);
    if (v != null) {
      return v;
    }
    v = load(gun);
    if (views.size() >= MAX_GUNS) {
      views.clear();
    }
    views.put(gun, v);
    return v;
  }

  private View load(Gun gun) throws IOException {
    Optional<StoredFile> ts = store.latest(gun, RoleName.TIMESTAMP);
    if (ts.isEmpty()) {
      return new View(null, null, null, Instant.MAX);
    }
    Signed<Timestamp> t = TufCodec.decodeTimestamp(ts.get().data());
    String snapSha = t.signed().snapshot().sha256().orElseThrow().hex();
    StoredFile snap = store.byChecksum(gun, RoleName.SNAPSHOT, snapSha)
        .orElseThrow(() -> TrustServerException.internal(ErrorCode.UNKNOWN,
            "timestamp names a snapshot that is not stored", null));
    Signed<Snapshot> s = TufCodec.decodeSnapshot(snap.data());
    Instant expires = t.signed().expires().instant();
    if (s.signed().expires().instant().isBefore(expires)) {
      expires = s.signed().expires().instant();
    }
    return new View(ts.get(), snap, s.signed(), expires);
  }

  /** Re-signs an expired timestamp, and an expired snapshot whose key the server holds. */
  private void resign(Gun gun) throws IOException {
    try {
      store.update(gun, stored -> {
        List<NewFile> out = new ArrayList<>();
        Optional<StoredFile> tsFile = stored.latest(RoleName.TIMESTAMP);
        Optional<StoredFile> rootFile = stored.latest(RoleName.ROOT);
        if (tsFile.isEmpty() || rootFile.isEmpty()) {
          return new MetadataStore.Result<>(out, null);
        }
        Instant now = clock.instant();
        Root root = TufCodec.decodeRoot(rootFile.get().data()).signed();
        Signed<Timestamp> ts = TufCodec.decodeTimestamp(tsFile.get().data());
        StoredFile snapFile = stored.byChecksum(RoleName.SNAPSHOT, ts.signed().snapshot().sha256().orElseThrow().hex())
            .orElseThrow(() -> TrustServerException.internal(ErrorCode.UNKNOWN, "timestamp names a missing snapshot", null));
        Signed<Snapshot> snap = TufCodec.decodeSnapshot(snapFile.data());
        Bytes snapshotBytes = snapFile.data();
        boolean newSnapshot = false;
        if (snap.signed().expires().isBefore(now)) {
          if (!signing.canSign(root, RoleName.SNAPSHOT)) {
            throw TrustServerException.internal(ErrorCode.UNKNOWN,
                "snapshot expired and its key is held by the repository owner, who must publish a new one", null);
          }
          int latest = stored.latestVersion(RoleName.SNAPSHOT).orElse(0);
          Signed<Snapshot> fresh = signing.snapshot(root, latest, snap.signed().meta());
          out.add(new NewFile(RoleName.SNAPSHOT, fresh.signed().version(), fresh.bytes()));
          snapshotBytes = fresh.bytes();
          newSnapshot = true;
        }
        if (newSnapshot || ts.signed().expires().isBefore(now)) {
          if (!signing.canSign(root, RoleName.TIMESTAMP)) {
            throw TrustServerException.internal(ErrorCode.UNKNOWN, "timestamp expired and the server holds no timestamp key", null);
          }
          Signed<Timestamp> fresh = signing.timestamp(root, tsFile.get().version(), snapshotBytes);
          out.add(new NewFile(RoleName.TIMESTAMP, fresh.signed().version(), fresh.bytes()));
        }
        return new MetadataStore.Result<>(out, null);
      });
    } catch (VersionConflictException e) {
      // another replica re-signed at the same moment: its files serve as well as ours
    }
    invalidate(gun);
  }
}
