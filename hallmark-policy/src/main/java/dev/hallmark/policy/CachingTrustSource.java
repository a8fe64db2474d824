package dev.hallmark.policy;

import dev.hallmark.client.TrustException;
import dev.hallmark.tuf.Gun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps each repository's verified trust data for a caching window, so admission reviews do not
 * re-verify on every request; one read per repository at a time (concurrent reviews of the same
 * repository wait for it). {@link #invalidate} drops an entry at once (the server calls it on every
 * publish and delete, so in one process a new signature is seen immediately; replicas see it within
 * the window). Failures are kept for at most a second, so an outage is not hammered but recovers fast.
 */
public final class CachingTrustSource implements TrustSource {
  private static final Duration FAILURE_WINDOW = Duration.ofSeconds(1);

  private final TrustSource source;
  private final Duration window;
  private final Clock clock;
  private final ConcurrentHashMap<Gun, Entry> entries = new ConcurrentHashMap<>();

  /** What was read last: data or a failure, usable until a moment. */
  private record Result(TrustData data, TrustException failure, Instant until) {}

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    volatile Result result = new Result(null, null, Instant.MIN);
  }

  public CachingTrustSource(TrustSource source, Duration window, Clock clock) {
    this.source = Objects.requireNonNull(source);
    this.window = Objects.requireNonNull(window);
    this.clock = Objects.requireNonNull(clock);
    if (window.isNegative()) {
      throw new IllegalArgumentException("negative caching window");
    }
  }

  /** The caching window: how old trust data a decision may use. */
  public Duration window() {
    return window;
  }

  @Override
  public TrustData trust(Gun gun) {
    Entry e = entries.computeIfAbsent(gun, g -> new Entry());
    TrustData hit = fresh(e);
    if (hit != null) {
      return hit;
    }
    e.lock.lock();
    try {
      hit = fresh(e);
      if (hit != null) {
        return hit;
      }
      Instant now = clock.instant();
      try {
        TrustData d = source.trust(gun);
        e.result = new Result(d, null, now.plus(window));
        return d;
      } catch (TrustException failure) {
        e.result = new Result(null, failure, now.plus(window.compareTo(FAILURE_WINDOW) < 0 ? window : FAILURE_WINDOW));
        throw failure;
      }
    } finally {
      e.lock.unlock();
    }
  }

  private TrustData fresh(Entry e) {
    Result r = e.result;
    if (!clock.instant().isBefore(r.until())) {
      return null;
    }
    if (r.failure() != null) {
      throw r.failure();
    }
    return r.data();
  }

  /** Forgets what is cached of a repository (after a publish or delete). */
  public void invalidate(Gun gun) {
    Entry e = entries.get(gun);
    if (e != null) {
      e.result = new Result(null, null, Instant.MIN);
    }
  }
}
