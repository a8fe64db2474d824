package dev.hallmark.policy;

import dev.hallmark.client.TrustedRepository;
import dev.hallmark.tuf.RoleName;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Verified trust data of one repository and when it was read, so a decision can say which data it
 * used.
 *
 * @param source where it came from, e.g. {@code the server's store} or {@code https://registry.example}
 */
public record TrustData(TrustedRepository repository, Instant readAt, String source) {
  public TrustData {
    Objects.requireNonNull(repository);
    Objects.requireNonNull(readAt);
    Objects.requireNonNull(source);
  }

  /** e.g. {@code timestamp v7, snapshot v3, targets v2 from the server's store, read 1.2 s ago}. */
  public String describe(Instant now) {
    var targets = repository.targets(RoleName.TARGETS);
    long ms = Math.max(0, Duration.between(readAt, now).toMillis());
    return "timestamp v" + repository.timestamp().signed().version()
        + ", snapshot v" + repository.snapshot().signed().version()
        + targets.map(t -> ", targets v" + t.signed().version()).orElse("")
        + " from " + source + ", read " + String.format(Locale.ROOT, "%.1f", ms / 1000.0) + " s ago";
  }
}
