package dev.hallmark.server.http;

import dev.hallmark.server.store.MetadataStore;
import dev.hallmark.tuf.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The health check of {@code /_notary_server/health}: the database answers. Results are reused for
 * 10 seconds, as the reference checks periodically, so probes cannot load the database.
 */
public final class Health {
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private final MetadataStore store;
  private final Clock clock;
  private volatile Json last = Json.object().build();
  private volatile Instant checkedAt = Instant.MIN;

  public Health(MetadataStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** An object naming each failing check and its error; empty when healthy. */
  Json problems() {
    Instant now = clock.instant();
    if (now.isAfter(checkedAt.plus(INTERVAL))) {
      Json result;
      try {
        store.ping();
        result = Json.object().build();
      } catch (java.io.IOException e) {
        result = Json.object().put("DB operational", Json.of(e.getMessage())).build();
      }
      last = result;
      checkedAt = now;
    }
    return last;
  }
}
