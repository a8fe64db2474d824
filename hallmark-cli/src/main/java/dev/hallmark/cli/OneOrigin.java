package dev.hallmark.cli;

import dev.hallmark.registry.http.RegistryRoutes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Trust, registry and policy on one origin (DESIGN "The picture"): registry paths ({@code /v2/},
 * {@code /v2/_catalog}, {@code /v2/<name>/{blobs,manifests,tags,referrers}/…}) go to the registry,
 * {@code /policy/…} (admission webhook, policy context) to the policy routes when they claim the path,
 * everything else ({@code /v2/<gun>/_trust/…}, health, metrics, unknown paths) to the trust API. A
 * repository name can never contain {@code _trust}, so the registry and trust path spaces cannot overlap.
 */
final class OneOrigin extends Handler.Abstract {
  private final Handler registry;
  private final Handler trust;
  private final Handler policy;

  OneOrigin(Handler registry, Handler trust, Handler policy) {
    super(InvocationType.NON_BLOCKING);
    this.registry = registry;
    this.trust = trust;
    this.policy = policy;
    addBean(registry);
    addBean(trust);
    addBean(policy);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getDecodedPath();
    if (path != null && RegistryRoutes.claims(path)) {
      return registry.handle(request, response, callback);
    }
    if (path != null && path.startsWith("/policy/") && policy.handle(request, response, callback)) {
      return true;
    }
    return trust.handle(request, response, callback);
  }

  @Override
  public void setServer(org.eclipse.jetty.server.Server server) {
    super.setServer(server);
    registry.setServer(server);
    trust.setServer(server);
    policy.setServer(server);
  }
}
