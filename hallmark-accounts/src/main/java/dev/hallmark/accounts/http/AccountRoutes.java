package dev.hallmark.accounts.http;

import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.Authenticator;
import dev.hallmark.accounts.Grants;
import dev.hallmark.accounts.bundle.ClientBundles;
import dev.hallmark.auth.PasswordHasher;
import dev.hallmark.auth.TokenIssuer;
import dev.hallmark.auth.TokenVerifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts routes on the shared origin, in front of everything else:
 * <pre>
 * GET|POST  /auth/token     token endpoint
 * *         /api/v0/...     admin API
 * *         anything else   the wrapped handler (the auth filter and the APIs behind it)
 * </pre>
 * Account requests block (password hashing, SQL) and run on a virtual thread of {@code blocking};
 * the others keep the wrapped handler's invocation type.
 */
public final class AccountRoutes extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
  /** The token endpoint's path. */
  public static final String TOKEN_PATH = "/auth/token";

  private final TokenEndpoint token;
  private final AdminApi admin;
  private final Executor blocking;

  /**
   * @param issuer issues tokens for {@code /auth/token}
   * @param verifier verifies bearer tokens sent to the admin API
   * @param bundles makes the client bundles the admin API hands out
   */
  public AccountRoutes(Handler next, AccountStore store, PasswordHasher hasher, Authenticator authenticator,
      TokenIssuer issuer, TokenVerifier verifier, ClientBundles bundles, Executor blocking) {
    this(next, store, hasher, authenticator, issuer, verifier, bundles, blocking, Map.of());
  }

  /** @param endpoints admin endpoints of other modules, by their segment after {@code /api/v0/} */
  public AccountRoutes(Handler next, AccountStore store, PasswordHasher hasher, Authenticator authenticator,
      TokenIssuer issuer, TokenVerifier verifier, ClientBundles bundles, Executor blocking,
      Map<String, AdminEndpoint> endpoints) {
    this(next, store, hasher, authenticator, issuer, verifier, bundles, blocking, endpoints, List.of());
  }

  /**
   * @param endpoints admin endpoints of other modules, by their segment after {@code /api/v0/}
   * @param extensions admin collections of other modules (e.g. the policy rules), with sub-paths and bodies
   */
  public AccountRoutes(Handler next, AccountStore store, PasswordHasher hasher, Authenticator authenticator,
      TokenIssuer issuer, TokenVerifier verifier, ClientBundles bundles, Executor blocking,
      Map<String, AdminEndpoint> endpoints, List<AdminExtension> extensions) {
    super(next);
    var credentials = new Credentials(authenticator, verifier, store);
    this.token = new TokenEndpoint(issuer, new Grants(store), credentials, authenticator);
    this.admin = new AdminApi(store, hasher, credentials, bundles, endpoints, extensions);
    this.blocking = blocking;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path.equals(TOKEN_PATH)) {
      dispatch(request, response, callback, true);
      return true;
    }
    if (path.startsWith(AdminApi.PREFIX)) {
      dispatch(request, response, callback, false);
      return true;
    }
    return super.handle(request, response, callback);
  }

  private void dispatch(Request request, Response response, Callback callback, boolean isToken) {
    try {
      blocking.execute(() -> {
        try {
          if (isToken) {
            token.handle(request, response, callback);
          } else {
            admin.handle(request, response, callback);
          }
        } catch (Exception | Error e) {
          LOG.error("accounts request failed: {}", request.getHttpURI().getPath(), e);
          if (!response.isCommitted()) {
            JsonBodies.send(response, callback, 500, JsonBodies.error("UNKNOWN", "unknown error", null));
          } else {
            callback.failed(e);
          }
        }
      });
    } catch (RuntimeException e) {
      callback.failed(e);
    }
  }
}
