package dev.hallmark.server.publish;

import dev.hallmark.server.store.StoredFile;
import dev.hallmark.tuf.Metadata;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.TufCodec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Stored files decoded once: every publish reads the current root (and often the previous
 * snapshot), whose bytes rarely change. Keyed by role and SHA-256 of the bytes, so an entry can never
 * be stale; bounded by clearing when full.
 */
final class DecodedFiles {
  private static final int LIMIT = 2048;
  private final ConcurrentHashMap<String, Signed<? extends Metadata>> cache = new ConcurrentHashMap<>();

  Signed<Root> root(StoredFile f) {
    return get(f, b -> TufCodec.decodeRoot(f.data()));
  }

  Signed<Snapshot> snapshot(StoredFile f) {
    return get(f, b -> TufCodec.decodeSnapshot(f.data()));
  }

  Signed<Targets> targets(StoredFile f) {
    return get(f, b -> TufCodec.decodeTargets(f.role(), f.data()));
  }

  @SuppressWarnings("unchecked")
  private <T extends Metadata> Signed<T> get(StoredFile f, Function<StoredFile, Signed<T>> decode) {
    String key = f.role().value() + "@" + f.sha256();
    Signed<? extends Metadata> s = cache.get(key);
    if (s == null) {
      s = decode.apply(f);
      if (cache.size() >= LIMIT) {
        cache.clear();
      }
      cache.put(key, s);
    }
    return (Signed<T>) s;
  }
}
