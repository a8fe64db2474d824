package dev.hallmark.registry.content;

import dev.hallmark.oci.Digest;
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
 * has not arrived yet. Safe to run while the registry serves.
 *
 * {@snippet :
 * GarbageCollection.Report r = gc.run(false);
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

  /** What one run did. */
  public record Report(int manifestsDeleted, int blobsDeleted, long bytesFreed, int blobsKept) {}

  /** Runs once. @param deleteUntagged also delete manifests no tag reaches */
  public Report run(boolean deleteUntagged) throws IOException {
    int manifestsDeleted = 0;
    if (deleteUntagged) {
      for (RegistryStore.ManifestNode n : untagged()) {
        if (store.deleteManifest(n.repository(), n.digest())) {
          manifestsDeleted++;
        }
      }
    }
    Set<Digest> marked = store.referencedBlobs();
    Instant youngest = clock.instant().minus(grace);
    int deleted = 0;
    int kept = 0;
    long freed = 0;
    for (BlobStore.Stored b : blobs.list()) {
      if (marked.contains(b.digest()) || b.modified().isAfter(youngest)) {
        kept++;
        continue;
      }
      if (blobs.delete(b.digest())) {
        store.unlinkEverywhere(b.digest());
        deleted++;
        freed += b.size();
      }
    }
    return new Report(manifestsDeleted, deleted, freed, kept);
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
