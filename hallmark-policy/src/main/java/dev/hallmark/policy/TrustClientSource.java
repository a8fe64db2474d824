package dev.hallmark.policy;

import dev.hallmark.client.TrustClient;
import dev.hallmark.tuf.Gun;
import java.time.Clock;
import java.util.Objects;

/**
 * Trust data through the client's TUF update workflow: every check of {@link TrustClient#update}, a
 * trust anchor pinned in the client's trust directory (first seen, or configured pinning).
 */
public final class TrustClientSource implements TrustSource {
  private final TrustClient client;
  private final String source;
  private final Clock clock;

  /** @param source how decisions name the source, e.g. {@code the server's store} */
  public TrustClientSource(TrustClient client, String source, Clock clock) {
    this.client = Objects.requireNonNull(client);
    this.source = Objects.requireNonNull(source);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public TrustData trust(Gun gun) {
    return new TrustData(client.update(gun), clock.instant(), source);
  }
}
