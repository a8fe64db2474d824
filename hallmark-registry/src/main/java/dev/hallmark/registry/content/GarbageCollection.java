package dev.hallmark.registry.content;

import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ImageManifest;
import dev.hallmark.oci.Manifests;
import dev.hallmark.oci.Repository;
import dev.hallmark.registry.blob.BlobStore;
import dev.hallmark.registry.store.RegistryStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Garbage collection: mark every blob some manifest references, sweep the rest. Optionally first
 * deletes manifests not reachable from a tag (through index children and, for referrers, their
 * subject). Blobs younger than the grace period are kept: they may belong to a push whose manifest
 * has not arrived yet. Safe to run while the registry serves, with one window left: a manifest push
 * that references a blob older than the grace period which no manifest referenced when the sweep
 * re-checked it (the sweep re-reads the mark set just before deleting, which narrows that window to
 * the deletes themselves).
 *
 * {@snippet :
 * GarbageCollection.Report r = gc.run(false, false);
 * }
 */
public final class GarbageCollection {
  private final RegistryStore store;
  private final BlobStore blobs;
  private final Clock clock;
  private final Duration grace;

  public GarbageCollection(RegistryStore store, BlobStore blobs, Clock clock, Duration grace) {
    this.store = store;
    this.blobs = blobs;
    this.clock = clock;
    this.grace = grace;
  }

  /**
   * What one run did, or in a dry run would do.
   *
   * @param duration how long the run took, by the collector's clock
   */
  public record Report(boolean dryRun, int manifestsDeleted, int blobsDeleted, long bytesFreed, int blobsKept,
      Duration duration) {}

  /** Runs once. @param deleteUntagged also delete manifests no tag reaches */
  public Report run(boolean deleteUntagged) throws IOException {
    return run(deleteUntagged, false);
  }

  /**
   * Runs once.
   *
   * @param deleteUntagged also delete manifests no tag reaches
   * @param dryRun count what would be deleted and delete nothing
   */
  public Report run(boolean deleteUntagged, boolean dryRun) throws IOException {
    Instant start = clock.instant();
    List<RegistryStore.ManifestNode> untagged = deleteUntagged ? untagged() : List.of();
    int manifestsDeleted = 0;
    Set<Digest> marked;
    if (dryRun) {
      manifestsDeleted = untagged.size();
      marked = deleteUntagged ? blobsOfManifestsBut(untagged) : store.referencedBlobs();
    } else {
      for (RegistryStore.ManifestNode n : untagged) {
        if (store.deleteManifest(n.repository(), n.digest())) {
          manifestsDeleted++;
        }
      }
      marked = store.referencedBlobs();
    }
    Instant youngest = start.minus(grace);
    List<BlobStore.Stored> candidates = new java.util.ArrayList<>();
    int kept = 0;
    for (BlobStore.Stored b : blobs.list()) {
      if (marked.contains(b.digest()) || b.modified().isAfter(youngest)) {
        kept++;
      } else {
        candidates.add(b);
      }
    }
    int deleted = 0;
    long freed = 0;
    // a manifest pushed since the mark may reference a candidate: mark again, just before deleting
    Set<Digest> remarked = dryRun ? marked : store.referencedBlobs();
    for (BlobStore.Stored b : candidates) {
      if (remarked.contains(b.digest())) {
        kept++;
      } else if (dryRun || blobs.delete(b.digest())) {
        if (!dryRun) {
          store.unlinkEverywhere(b.digest());
        }
        deleted++;
        freed += b.size();
      }
    }
    return new Report(dryRun, manifestsDeleted, deleted, freed, kept, Duration.between(start, clock.instant()));
  }

  /** The blobs referenced by every manifest except {@code excluded}: the mark set after deleting them. */
  private Set<Digest> blobsOfManifestsBut(List<RegistryStore.ManifestNode> excluded) throws IOException {
    Set<String> skip = new HashSet<>();
    for (var n : excluded) {
      skip.add(key(n.repository(), n.digest()));
    }
    Set<Digest> out = new HashSet<>();
    for (var n : store.manifestGraph()) {
      if (skip.contains(key(n.repository(), n.digest()))) {
        continue;
      }
      var stored = store.manifest(n.repository(), n.digest());
      if (stored.isPresent() && Manifests.parse(stored.get().contentBytes(), java.util.Optional.of(stored.get().mediaType()))
          instanceof ImageManifest m) {
        for (Descriptor d : m.requiredContent()) {
          out.add(d.digest());
        }
      }
    }
    return out;
  }

  private List<RegistryStore.ManifestNode> untagged() throws IOException {
    List<RegistryStore.ManifestNode> all = store.manifestGraph();
    Map<String, RegistryStore.ManifestNode> byKey = new HashMap<>();
    Map<String, List<RegistryStore.ManifestNode>> referrersOf = new HashMap<>();
    for (var n : all) {
      byKey.put(key(n.repository(), n.digest()), n);
      n.subject().ifPresent(s -> referrersOf.computeIfAbsent(key(n.repository(), s), k -> new java.util.ArrayList<>()).add(n));
    }
    Set<String> reached = new HashSet<>();
    var queue = new ArrayDeque<String>();
    for (var t : store.allTags()) {
      queue.add(key(t.repository(), t.digest()));
    }
    while (!queue.isEmpty()) {
      String k = queue.poll();
      if (!reached.add(k)) {
        continue;
      }
      var n = byKey.get(k);
      if (n != null) {
        for (Digest child : n.children()) {
          queue.add(key(n.repository(), child));
        }
      }
      for (var r : referrersOf.getOrDefault(k, List.of())) {
        queue.add(key(r.repository(), r.digest()));
      }
    }
    return all.stream().filter(n -> !reached.contains(key(n.repository(), n.digest()))).toList();
  }

  private static String key(Repository r, Digest d) {
    return r.name() + "@" + d;
  }
}
