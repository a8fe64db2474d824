package dev.hallmark.cli.policy;

import dev.hallmark.oci.Tag;
import dev.hallmark.policy.CachingTrustSource;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.Directory;
import dev.hallmark.policy.Evaluator;
import dev.hallmark.policy.ImagePolicy;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.policy.RegistryNames;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.http.ContextRoute;
import dev.hallmark.registry.access.PullGate;
import dev.hallmark.server.fetch.MetadataFetch;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The policy side of the server, built from its parts: one {@link Evaluator} over the server's own
 * verified trust data (cached for a window, dropped on every publish and delete), behind the admission
 * webhook, the registry's pull-time gate and the client's context endpoint; every decision recorded.
 */
public final class PolicyWiring {
  private final Evaluator evaluator;
  private final CachingTrustSource trust;
  private final PolicySource policies;
  private final Directory directory;
  private final RecordedDecisions recorded;

  /**
   * @param window how long verified trust data is reused (other replicas' publishes are seen within it)
   */
  public PolicyWiring(Path dataDir, MetadataFetch fetch, PolicySource policies, Directory directory,
      RegistryNames names, Duration window, MeterRegistry metrics, Clock clock) throws IOException {
    this.policies = policies;
    this.directory = directory;
    this.trust = new CachingTrustSource(new ServerTrust(dataDir.resolve("policy").resolve("trust"), fetch, clock),
        window, clock);
    fetch.onChange(trust::invalidate);
    this.evaluator = new Evaluator(policies, trust, directory, names, clock);
    this.recorded = new RecordedDecisions(metrics);
  }

  /** The evaluator as the admission webhook asks it: every decision recorded as {@code admission}. */
  public ImagePolicy admission() {
    return image -> recorded.record("admission", evaluator.check(image));
  }

  /** Pull-time enforcement: repositories whose policy requires content trust serve only allowed digests. */
  public PullGate pullGate() {
    return (host, repository, requested, digest) -> {
      ScopedPolicy scoped = policies.policyFor(repository);
      if (!scoped.policy().requireContentTrust()) {
        return Optional.empty();
      }
      Optional<String> tag = requested instanceof Tag t ? Optional.of(t.value()) : Optional.empty();
      String image = host + "/" + repository + tag.map(t -> ":" + t).orElse("") + "@" + digest;
      Decision d = recorded.record("pull",
          evaluator.check(image, host, repository, tag, Optional.of(digest), scoped));
      return d.allowed() ? Optional.empty() : Optional.of(d.message());
    };
  }

  /** {@code GET /policy/v1/context/<gun>} for clients evaluating on their side. */
  public ContextRoute contextRoute(Executor blocking) {
    return new ContextRoute(policies, directory, blocking);
  }

  /** The trust data cache (its window, invalidation). */
  public CachingTrustSource trust() {
    return trust;
  }
}
