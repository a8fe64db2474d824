package dev.hallmark.cli.policy;

import dev.hallmark.client.TrustPinning;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Tag;
import dev.hallmark.policy.CachingTrustSource;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.Directory;
import dev.hallmark.policy.Evaluator;
import dev.hallmark.policy.ImagePolicy;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.policy.Reason;
import dev.hallmark.policy.RegistryNames;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.admission.AdmissionWebhook;
import dev.hallmark.policy.http.ContextRoute;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import dev.hallmark.registry.access.PullGate;
import dev.hallmark.server.fetch.MetadataFetch;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The policy side of the server, built from its parts: one {@link Evaluator} over the server's own
 * verified trust data (cached for a window, dropped on every publish and delete), behind the admission
 * webhook, the registry's pull-time gate and the client's context endpoint; every decision recorded.
 */
public final class PolicyWiring {
  /** The most indexes consulted for one platform manifest. */
  private static final int MAX_PARENTS = 8;

  private final Evaluator evaluator;
  private final CachingTrustSource trust;
  private final PolicySource policies;
  private final Directory directory;
  private final RecordedDecisions recorded;

  /**
   * @param window how long verified trust data is reused (other replicas' publishes are seen within it)
   * @param pinning how a collection's first root is trusted
   */
  public PolicyWiring(Path dataDir, MetadataFetch fetch, PolicySource policies, Directory directory,
      RegistryNames names, Duration window, TrustPinning pinning, MeterRegistry metrics, Clock clock)
      throws IOException {
    this.policies = policies;
    this.directory = directory;
    this.trust = new CachingTrustSource(new ServerTrust(dataDir.resolve("policy").resolve("trust"), fetch, pinning, clock),
        window, clock);
    fetch.onChange(trust::invalidate);
    this.evaluator = new Evaluator(policies, trust, directory, names, clock);
    this.recorded = new RecordedDecisions(metrics);
  }

  /** The evaluator as the admission webhook asks it: every decision recorded as {@code admission}. */
  public ImagePolicy admission() {
    return image -> recorded.record("admission", evaluator.check(image));
  }

  /** The indexes of a repository that list a manifest (a platform image of a multi-platform image). */
  @FunctionalInterface
  public interface Parents {
    List<Digest> of(String repository, Digest child) throws IOException;
  }

  /**
   * Pull-time enforcement: repositories whose policy requires content trust serve only allowed digests.
   * Trust data signs a multi-platform image by its index, so a platform manifest that is not signed
   * itself is served when an index of the repository that lists it is allowed.
   */
  public PullGate pullGate(Parents parents) {
    return (host, repository, requested, digest) -> {
      ScopedPolicy scoped;
      try {
        scoped = policies.policyFor(repository);
      } catch (RuntimeException e) {
        return Optional.of("denied: " + host + "/" + repository + "@" + digest
            + ": the signing policy could not be read (" + e.getMessage() + "); failing closed");
      }
      if (!scoped.policy().requireContentTrust()) {
        return Optional.empty();
      }
      Optional<String> tag = requested instanceof Tag t ? Optional.of(t.value()) : Optional.empty();
      String image = host + "/" + repository + tag.map(t -> ":" + t).orElse("") + "@" + digest;
      Decision d = evaluator.check(image, host, repository, tag, Optional.of(digest), scoped);
      if (d.reason() == Reason.NOT_SIGNED) {
        List<Digest> indexes;
        try {
          indexes = parents.of(repository, digest);
        } catch (IOException e) {
          indexes = List.of();
        }
        for (Digest index : indexes.subList(0, Math.min(indexes.size(), MAX_PARENTS))) {
          Decision parent = evaluator.check(host + "/" + repository + "@" + index, host, repository, Optional.empty(),
              Optional.of(index), scoped);
          if (parent.allowed()) {
            d = new Decision(image, Optional.of(digest), parent.reason(),
                "allowed: " + image + " is a platform manifest of index " + index + ", "
                    + parent.message().substring("allowed: ".length()), parent.trustData());
            break;
          }
        }
      }
      recorded.record("pull", d);
      return d.allowed() ? Optional.empty() : Optional.of(d.message());
    };
  }

  /**
   * Everything under {@code /policy/}: the admission webhook ({@code /policy/v1/admit},
   * {@code /policy/v1/mutate}; only for requests bearing {@code webhookToken} when there is one) and {@code GET /policy/v1/context/<gun>} for clients evaluating on their
   * side; other paths 404.
   */
  public Handler routes(Executor blocking, Optional<String> webhookToken) {
    Handler webhook = new AdmissionWebhook(admission(), blocking);
    if (webhookToken.isPresent()) {
      webhook = new WebhookToken(webhook, webhookToken.get());
    }
    var context = new ContextRoute(policies, directory, blocking);
    var routes = new Handler.Sequence(webhook, new Handler.Wrapper(context) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        return path != null && path.startsWith(ContextRoute.PREFIX) && super.handle(request, response, callback);
      }
    });
    return routes;
  }

  /** The trust data cache (its window, invalidation). */
  public CachingTrustSource trust() {
    return trust;
  }

  /**
   * The admission webhook only for callers that present the configured bearer token (kube-apiserver,
   * through its admission kubeconfig); others get {@code 401} with a JSON error, compared in constant time.
   */
  private static final class WebhookToken extends Handler.Wrapper {
    private final byte[] expected;

    WebhookToken(Handler webhook, String token) {
      super(webhook);
      this.expected = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getDecodedPath();
      if (path == null || !AdmissionWebhook.claims(path)) {
        return false;
      }
      String given = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION);
      if (given != null && java.security.MessageDigest.isEqual(expected,
          given.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        return super.handle(request, response, callback);
      }
      response.setStatus(401);
      response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
      response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"hallmark-webhook\"");
      long declared = request.getLength();
      if (declared >= 0 && declared <= AdmissionWebhook.DEFAULT_MAX_BODY_BYTES) {
        // read the review before refusing it: answering while the caller still sends makes the kernel
        // reset the connection, and the caller may lose the refusal with it
        org.eclipse.jetty.io.Content.Source.consumeAll(request,
            Callback.from(() -> refuse(response, callback), callback::failed));
      } else {
        // a body of unknown or excessive size from a caller without the token is not read
        response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONNECTION, "close");
        refuse(response, callback);
      }
      return true;
    }

    private static void refuse(Response response, Callback callback) {
      response.write(true, java.nio.ByteBuffer.wrap(("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":"
          + "\"the admission webhook needs its bearer token (see docs/admission-webhook.md)\"}]}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
    }
  }
}
