package dev.hallmark.accounts.http;

import dev.hallmark.auth.Access;
import dev.hallmark.auth.AccessRequest;
import dev.hallmark.auth.AccessRules;
import dev.hallmark.auth.AuthException;
import dev.hallmark.auth.TokenVerifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token auth in front of an API, as distribution's token access controller (reference
 * section 8): asks the API's {@link AccessRules} what the request needs; passes it on when that is
 * nothing or a valid token grants all of it; otherwise answers {@code 401 UNAUTHORIZED} with a
 * challenge whose {@code error} is absent (no bearer token; Basic credentials are ignored),
 * {@code invalid_token} or {@code insufficient_scope}, and the required accesses as detail.
 *
 * <p>Token checks are CPU only, so the filter keeps the wrapped handler's invocation type.
 */
public final class AuthFilter extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(AuthFilter.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("hallmark.access");

  private final AccessRules rules;
  private final TokenVerifier verifier;
  private final Challenge challenge;
  private final java.util.function.Predicate<AccessRequest> authenticationOnly;

  public AuthFilter(Handler next, AccessRules rules, TokenVerifier verifier, Challenge challenge) {
    this(next, rules, verifier, challenge, r -> false);
  }

  /**
   * @param authenticationOnly requests that any valid token lets through, whatever it grants, though
   *     a request without one is challenged with the rules' scope: distribution's base endpoint
   *     {@code GET /v2/}, which {@code docker login} calls with a token it asked for without a scope
   */
  public AuthFilter(Handler next, AccessRules rules, TokenVerifier verifier, Challenge challenge,
      java.util.function.Predicate<AccessRequest> authenticationOnly) {
    super(next);
    this.rules = rules;
    this.verifier = verifier;
    this.challenge = challenge;
    this.authenticationOnly = authenticationOnly;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    AccessRequest access = accessRequest(request);
    List<Access> required = rules.required(access);
    if (required.isEmpty()) {
      return super.handle(request, response, callback);
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String error = null;
    if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      try {
        var token = verifier.verify(authorization.substring(7));
        if (!authenticationOnly.test(access)) {
          token.requireAll(required);
        }
        return super.handle(request, response, callback);
      } catch (AuthException e) {
        error = e.failure().wireName();
        LOG.warn("auth failed: method={} path={} error={} why={}", request.getMethod(), request.getHttpURI().getPath(),
            error, e.getMessage());
      }
    }
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge.header(request, required, error));
    ACCESS.info("method={} path={} status=401 code=UNAUTHORIZED error={}", request.getMethod(),
        request.getHttpURI().getPath(), error == null ? "-" : error);
    JsonBodies.send(response, callback, 401,
        JsonBodies.error("UNAUTHORIZED", "authentication required", JsonBodies.accessDetail(required)));
    return true;
  }

  /** The method, decoded path and query of a request. */
  static AccessRequest accessRequest(Request request) {
    String path;
    try {
      path = request.getHttpURI().getDecodedPath();
    } catch (RuntimeException e) {
      path = request.getHttpURI().getPath();
    }
    Map<String, String> query = new HashMap<>();
    if (request.getHttpURI().getQuery() != null) {
      try {
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
          query.put(f.getName(), f.getValue());
        }
      } catch (RuntimeException e) {
        // an undecodable query is the API's problem; the rules see none
      }
    }
    return new AccessRequest(request.getMethod(), path == null ? "/" : path, query);
  }
}
