package dev.hallmark.accounts.http;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.Authenticator;
import dev.hallmark.accounts.Grants;
import dev.hallmark.accounts.Identity;
import dev.hallmark.auth.AuthException;
import dev.hallmark.auth.IssuedToken;
import dev.hallmark.auth.Password;
import dev.hallmark.auth.Scope;
import dev.hallmark.auth.TokenIssuer;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker token endpoint {@code /auth/token} (distribution docs "Token Authentication
 * Specification" and "OAuth2 Token Authentication"): GET with optional Basic credentials and
 * {@code service}, {@code scope} (repeatable), {@code account}; POST form with
 * {@code grant_type=password}. Grants what {@link Grants} allows and answers
 * {@code {"token","access_token","expires_in","issued_at"}}.
 */
public final class TokenEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

  private final TokenIssuer issuer;
  private final Grants grants;
  private final Credentials credentials;
  private final Authenticator authenticator;

  TokenEndpoint(TokenIssuer issuer, Grants grants, Credentials credentials, Authenticator authenticator) {
    this.issuer = issuer;
    this.grants = grants;
    this.credentials = credentials;
    this.authenticator = authenticator;
  }

  /** Serves one request (blocking: password checks and database reads). */
  void handle(Request request, Response response, Callback callback) throws IOException {
    String method = request.getMethod();
    Identity who;
    Map<String, List<String>> params;
    try {
      if (method.equals("GET")) {
        params = new LinkedHashMap<>();
        for (Fields.Field f : Request.extractQueryParameters(request)) {
          params.put(f.getName(), f.getValues());
        }
        who = credentials.identify(request.getHeaders().get(HttpHeader.AUTHORIZATION), false);
      } else if (method.equals("POST")) {
        params = form(new String(JsonBodies.readBody(request), StandardCharsets.UTF_8));
        String grant = first(params, "grant_type");
        if (!"password".equals(grant)) {
          oauthError(response, callback, 400, "unsupported_grant_type", "only grant_type=password is supported");
          return;
        }
        String user = first(params, "username");
        String pw = first(params, "password");
        if (user == null || pw == null) {
          oauthError(response, callback, 400, "invalid_request", "username and password are required");
          return;
        }
        Password password = Password.of(pw);
        try {
          who = authenticator.login(user, password);
        } finally {
          password.destroy();
        }
      } else {
        JsonBodies.send(response, callback, 405, JsonBodies.error("UNSUPPORTED", "The operation is unsupported.", null));
        return;
      }
    } catch (AuthException e) {
      LOG.warn("token request refused: {}", e.getMessage());
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + issuer.service() + "\"");
      JsonBodies.send(response, callback, 401, JsonBodies.error("UNAUTHORIZED", "authentication required", Json.of("invalid username or password")));
      return;
    }
    String service = first(params, "service");
    if (service != null && !service.isEmpty() && !service.equals(issuer.service())) {
      JsonBodies.send(response, callback, 400, JsonBodies.error("DENIED", "requested access to the resource is denied",
          Json.of("unknown service " + service)));
      return;
    }
    String account = first(params, "account");
    if (who instanceof Identity.User u && account != null && !account.isEmpty() && !account.equals(u.account().name())) {
      JsonBodies.send(response, callback, 400, JsonBodies.error("DENIED", "requested access to the resource is denied",
          Json.of("account does not match the credentials")));
      return;
    }
    List<Scope> requested = new ArrayList<>();
    try {
      for (String s : params.getOrDefault("scope", List.of())) {
        requested.addAll(Scope.parseAll(s));
      }
    } catch (IllegalArgumentException e) {
      JsonBodies.send(response, callback, 400, JsonBodies.error("INVALID_REQUEST", "invalid scope", Json.of(e.getMessage())));
      return;
    }
    List<Scope> granted;
    try {
      granted = grants.grant(who, requested);
    } catch (AccountException e) {
      throw new IOException(e.getMessage(), e);
    }
    IssuedToken t = issuer.issue(who.subject(), granted);
    var body = Json.object()
        .put("token", Json.of(t.value()))
        .put("access_token", Json.of(t.value()))
        .put("expires_in", Json.of(t.expiresIn().toSeconds()))
        .put("issued_at", Json.of(t.issuedAt().toString()));
    if (!who.subject().isEmpty()) {
      LOG.info("token issued: sub={} requested={} granted={}", who.subject(), requested, granted);
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    JsonBodies.send(response, callback, 200, JsonBodies.encode(body.build()));
  }

  private static void oauthError(Response response, Callback callback, int status, String error, String description) {
    JsonBodies.send(response, callback, status, JsonBodies.encode(Json.object().put("error", Json.of(error))
        .put("error_description", Json.of(description)).build()));
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  private static Map<String, List<String>> form(String body) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }
}
