package dev.hallmark.accounts.http;

import dev.hallmark.accounts.AccessLevel;
import dev.hallmark.accounts.Account;
import dev.hallmark.accounts.ClientCertificate;
import dev.hallmark.accounts.bundle.ClientBundle;
import dev.hallmark.accounts.bundle.ClientBundles;
import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.Identity;
import dev.hallmark.accounts.Member;
import dev.hallmark.accounts.Repository;
import dev.hallmark.accounts.Team;
import dev.hallmark.accounts.Visibility;
import dev.hallmark.auth.AuthException;
import dev.hallmark.auth.Password;
import dev.hallmark.auth.PasswordHasher;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, DTR-style paths and JSON, admin only (Basic or Bearer); a user may change only their
 * own password, and create, list and revoke only their own client bundles.
 *
 * <pre>
 * GET    /api/v0/accounts                                   list accounts
 * POST   /api/v0/accounts                                   {"name","password","isOrg","isAdmin"}
 * GET    /api/v0/accounts/{name}
 * PATCH  /api/v0/accounts/{name}                            {"password"?, "isAdmin"?}
 * DELETE /api/v0/accounts/{name}
 * GET    /api/v0/accounts/{org}/members
 * PUT    /api/v0/accounts/{org}/members/{user}              {"isAdmin"?}
 * DELETE /api/v0/accounts/{org}/members/{user}
 * GET    /api/v0/accounts/{org}/teams
 * POST   /api/v0/accounts/{org}/teams                       {"name"}
 * DELETE /api/v0/accounts/{org}/teams/{team}
 * GET    /api/v0/accounts/{org}/teams/{team}/members
 * PUT    /api/v0/accounts/{org}/teams/{team}/members/{user}
 * DELETE /api/v0/accounts/{org}/teams/{team}/members/{user}
 * POST   /api/v0/accounts/{user}/bundles                    {"validityDays"?} → application/zip, a new client bundle
 * GET    /api/v0/accounts/{user}/certificates               the user's bundle certificates
 * DELETE /api/v0/accounts/{user}/certificates/{id}          revoke one
 * GET    /api/v0/repositories[/{namespace}]
 * POST   /api/v0/repositories/{namespace}                   {"name","visibility","immutableTags"}
 * GET    /api/v0/repositories/{namespace}/{name}
 * PATCH  /api/v0/repositories/{namespace}/{name}            {"visibility"?, "immutableTags"?}
 * DELETE /api/v0/repositories/{namespace}/{name}
 * PUT    /api/v0/repositories/{namespace}/{name}/teamAccess/{team}  {"accessLevel"}
 * DELETE /api/v0/repositories/{namespace}/{name}/teamAccess/{team}
 * *      /api/v0/{endpoint}                                 an {@link AdminEndpoint} of another module
 * *      /api/v0/{collection}[/...]                         an {@link AdminExtension} of another module:
 * GET    /api/v0/policies                                   list policy rules, the global default first
 * GET    /api/v0/policies/{scope}                           scope: _global, an org, or a repository prefix
 * PUT    /api/v0/policies/{scope}                           {"requireContentTrust", "requireSignatureFrom":["org/team"]}
 * DELETE /api/v0/policies/{scope}
 * </pre>
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  static final String PREFIX = "/api/v0/";

  private final AccountStore store;
  private final PasswordHasher hasher;
  private final Credentials credentials;
  private final ClientBundles bundles;
  private final Map<String, AdminEndpoint> endpoints;
  private final List<AdminExtension> extensions;

  AdminApi(AccountStore store, PasswordHasher hasher, Credentials credentials, ClientBundles bundles,
      Map<String, AdminEndpoint> endpoints, List<AdminExtension> extensions) {
    this.extensions = List.copyOf(extensions);
    this.store = store;
    this.hasher = hasher;
    this.credentials = credentials;
    this.bundles = bundles;
    this.endpoints = Map.copyOf(endpoints);
  }

  /** A JSON answer, or a zip when {@code zip} is not empty. */
  private record Answer(int status, Json body, Bytes zip) {
    Answer(int status, Json body) {
      this(status, body, Bytes.wrap(new byte[0]));
    }
  }

  /** Serves one request (blocking). */
  void handle(Request request, Response response, Callback callback) {
    Answer a;
    try {
      Identity who;
      try {
        who = credentials.identify(request.getHeaders().get(HttpHeader.AUTHORIZATION), true);
      } catch (AuthException e) {
        LOG.warn("admin API: authentication failed: {}", e.getMessage());
        throw new AccountException(AccountException.Code.NOT_AUTHENTICATED, "authentication required");
      }
      if (!(who instanceof Identity.User user)) {
        throw new AccountException(AccountException.Code.NOT_AUTHENTICATED, "authentication required");
      }
      String path = request.getHttpURI().getDecodedPath();
      List<String> seg = Arrays.stream(path.substring(PREFIX.length()).split("/")).filter(s -> !s.isEmpty()).toList();
      a = route(request, request.getMethod(), seg, user.account());
      if (a.status < 400) {
        LOG.info("admin API: user={} {} {} -> {}", user.account().name(), request.getMethod(), path, a.status);
      }
    } catch (AccountException e) {
      if (e.code() == AccountException.Code.NOT_AUTHENTICATED) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"hallmark\"");
      }
      if (e.code().httpStatus() >= 500) {
        LOG.error("admin API failed", e);
      }
      discardBody(request, response);
      JsonBodies.send(response, callback, e.code().httpStatus(), JsonBodies.error(e.code().name(), e.getMessage(), null));
      return;
    } catch (IOException e) {
      discardBody(request, response);
      JsonBodies.send(response, callback, 400, JsonBodies.error("INVALID_ARGUMENT", "cannot read the request body", null));
      return;
    }
    if (a.zip.length() > 0) {
      response.setStatus(a.status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/zip");
      response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"bundle.zip\"");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.zip.length());
      response.write(true, ByteBuffer.wrap(a.zip.unsafeArray()), callback);
      return;
    }
    JsonBodies.send(response, callback, a.status, a.body == null ? new byte[0] : JsonBodies.encode(a.body));
  }

  /**
   * Reads what is left of a refused request's body, so that the connection can carry the next request:
   * Jetty closes a connection whose request body was not read, after the answer went out without
   * {@code Connection: close}, and the client's next request on it fails.
   */
  private static void discardBody(Request request, Response response) {
    try {
      JsonBodies.readBody(request);
    } catch (IOException | AccountException e) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  private static AccountException notFound() {
    return new AccountException(AccountException.Code.NOT_FOUND, "no such API endpoint");
  }

  private Answer route(Request request, String method, List<String> seg, Account caller) throws IOException {
    if (seg.isEmpty()) {
      throw notFound();
    }
    // a user may change their own password; everything else is for admins
    boolean ownPassword = seg.size() == 2 && seg.get(0).equals("accounts") && seg.get(1).equals(caller.name())
        && method.equals("PATCH");
    // and their own client bundles and certificates
    boolean ownBundles = seg.size() >= 3 && seg.get(0).equals("accounts") && seg.get(1).equals(caller.name())
        && (seg.get(2).equals("bundles") || seg.get(2).equals("certificates"));
    if (!caller.isAdmin() && !ownPassword && !ownBundles) {
      throw new AccountException(AccountException.Code.NOT_AUTHORIZED, "admin only");
    }
    return switch (seg.get(0)) {
      case "accounts" -> accounts(request, method, seg.subList(1, seg.size()), caller);
      case "repositories" -> repositories(request, method, seg.subList(1, seg.size()));
      default -> {
        AdminEndpoint e = endpoints.get(seg.get(0));
        if (e == null) {
          yield extension(request, method, seg, caller);
        }
        if (seg.size() != 1) {
          throw notFound();
        }
        yield ok(e.handle(method, AuthFilter.accessRequest(request).query()));
      }
    };
  }

  private Answer extension(Request request, String method, List<String> seg, Account caller) throws IOException {
    AdminExtension x = extensions.stream().filter(e -> e.collection().equals(seg.get(0))).findFirst().orElseThrow(AdminApi::notFound);
    Json.Obj body = switch (method) {
      case "PUT", "POST", "PATCH" -> JsonBodies.readObject(request);
      default -> Json.object().build();
    };
    AdminExtension.Reply r = x.handle(new AdminExtension.Call(method, seg.subList(1, seg.size()), caller, body));
    return new Answer(r.status(), r.body().orElse(null));
  }

  private Answer accounts(Request request, String method, List<String> s, Account caller) throws IOException {
    int n = s.size();
    if (n == 0 && method.equals("GET")) {
      return ok(new Json.Arr(store.list().stream().map(AdminApi::account).toList()));
    }
    if (n == 0 && method.equals("POST")) {
      Json.Obj b = JsonBodies.readObject(request);
      String name = string(b, "name").orElseThrow(() -> invalid("name is required"));
      boolean isOrg = bool(b, "isOrg").orElse(false);
      Account created;
      if (isOrg) {
        created = store.createOrg(name);
      } else {
        Password pw = Password.of(string(b, "password").orElseThrow(() -> invalid("password is required")));
        checkPassword(pw);
        created = store.createUser(name, hasher.hash(pw), bool(b, "isAdmin").orElse(false));
        pw.destroy();
      }
      return new Answer(201, account(created));
    }
    if (n == 1) {
      String name = s.get(0);
      switch (method) {
        case "GET" -> {
          return ok(account(store.get(name)));
        }
        case "PATCH" -> {
          Json.Obj b = JsonBodies.readObject(request);
          Optional<String> pw = string(b, "password");
          if (pw.isPresent()) {
            Password p = Password.of(pw.get());
            checkPassword(p);
            store.setPasswordHash(name, hasher.hash(p));
            p.destroy();
          }
          Optional<Boolean> admin = bool(b, "isAdmin");
          if (admin.isPresent()) {
            if (!caller.isAdmin()) {
              throw new AccountException(AccountException.Code.NOT_AUTHORIZED, "admin only");
            }
            store.setAdmin(name, admin.get());
          }
          return ok(account(store.get(name)));
        }
        case "DELETE" -> {
          if (name.equals(caller.name())) {
            throw new AccountException(AccountException.Code.CONFLICT, "you cannot delete your own account");
          }
          store.delete(name);
          return new Answer(204, null);
        }
        default -> throw methodNotAllowed();
      }
    }
    String org = s.get(0);
    if (s.get(1).equals("bundles") || s.get(1).equals("certificates")) {
      return bundles(request, method, s);
    }
    if (s.get(1).equals("members")) {
      if (n == 2 && method.equals("GET")) {
        return ok(new Json.Arr(store.orgMembers(org).stream().map(AdminApi::member).toList()));
      }
      if (n == 3 && method.equals("PUT")) {
        Json.Obj b = JsonBodies.readObject(request);
        store.putOrgMember(org, s.get(2), bool(b, "isAdmin").orElse(false));
        return ok(member(store.orgMembers(org).stream().filter(m -> m.user().equals(s.get(2))).findFirst().orElseThrow()));
      }
      if (n == 3 && method.equals("DELETE")) {
        store.removeOrgMember(org, s.get(2));
        return new Answer(204, null);
      }
      throw n <= 3 ? methodNotAllowed() : notFound();
    }
    if (s.get(1).equals("teams")) {
      if (n == 2 && method.equals("GET")) {
        return ok(new Json.Arr(store.teams(org).stream().map(AdminApi::team).toList()));
      }
      if (n == 2 && method.equals("POST")) {
        Json.Obj b = JsonBodies.readObject(request);
        return new Answer(201, team(store.createTeam(org, string(b, "name").orElseThrow(() -> invalid("name is required")))));
      }
      if (n == 3 && method.equals("GET")) {
        return ok(team(store.team(org, s.get(2))));
      }
      if (n == 3 && method.equals("DELETE")) {
        store.deleteTeam(org, s.get(2));
        return new Answer(204, null);
      }
      if (n >= 4 && s.get(3).equals("members")) {
        if (n == 4 && method.equals("GET")) {
          return ok(new Json.Arr(store.teamMembers(org, s.get(2)).stream().map(u -> (Json) Json.object().put("name", Json.of(u)).build()).toList()));
        }
        if (n == 5 && method.equals("PUT")) {
          store.addTeamMember(org, s.get(2), s.get(4));
          return ok(Json.object().put("name", Json.of(s.get(4))).build());
        }
        if (n == 5 && method.equals("DELETE")) {
          store.removeTeamMember(org, s.get(2), s.get(4));
          return new Answer(204, null);
        }
      }
      throw n <= 5 ? methodNotAllowed() : notFound();
    }
    throw notFound();
  }

  /** {@code {user}/bundles} and {@code {user}/certificates[/{id}]}. */
  private Answer bundles(Request request, String method, List<String> s) throws IOException {
    String user = s.get(0);
    int n = s.size();
    if (s.get(1).equals("bundles")) {
      if (n != 2) {
        throw notFound();
      }
      if (!method.equals("POST")) {
        throw methodNotAllowed();
      }
      Json.Obj b = JsonBodies.readObject(request);
      Duration validity = number(b, "validityDays").map(Duration::ofDays).orElse(ClientBundles.DEFAULT_VALIDITY);
      URI server = URI.create(request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority());
      ClientBundle bundle = bundles.create(user, server, validity);
      LOG.info("admin API: client bundle for {}: certificate id={} serial={} key={}", user,
          bundle.certificate().id(), bundle.certificate().serial(), bundle.certificate().keyId());
      return new Answer(201, null, bundle.zip());
    }
    if (n == 2 && method.equals("GET")) {
      return ok(new Json.Arr(store.certificates(user).stream().map(AdminApi::certificate).toList()));
    }
    if (n == 3 && method.equals("DELETE")) {
      long id;
      try {
        id = Long.parseLong(s.get(2));
      } catch (NumberFormatException e) {
        throw new AccountException(AccountException.Code.NO_SUCH_CERTIFICATE, "no certificate " + s.get(2));
      }
      return ok(certificate(store.revokeCertificate(user, id)));
    }
    throw n <= 3 ? methodNotAllowed() : notFound();
  }

  private Answer repositories(Request request, String method, List<String> s) throws IOException {
    if (s.isEmpty() && method.equals("GET")) {
      return ok(new Json.Arr(store.repositories(Optional.empty()).stream().map(AdminApi::repository).toList()));
    }
    if (s.isEmpty()) {
      throw methodNotAllowed();
    }
    String ns = s.get(0);
    if (s.size() == 1) {
      if (method.equals("GET")) {
        return ok(new Json.Arr(store.repositories(Optional.of(ns)).stream().map(AdminApi::repository).toList()));
      }
      if (method.equals("POST")) {
        Json.Obj b = JsonBodies.readObject(request);
        String name = string(b, "name").orElseThrow(() -> invalid("name is required"));
        Visibility v = Visibility.fromWire(string(b, "visibility").orElse("private"));
        return new Answer(201, repository(store.createRepository(ns, name, v, bool(b, "immutableTags").orElse(false))));
      }
      throw methodNotAllowed();
    }
    // repository names are lower case, so the segment "teamAccess" cannot be part of one
    int ta = s.indexOf("teamAccess");
    String name = String.join("/", ta < 0 ? s.subList(1, s.size()) : s.subList(1, ta));
    if (ta >= 0) {
      if (s.size() != ta + 2) {
        throw notFound();
      }
      String team = s.get(ta + 1);
      if (method.equals("PUT")) {
        Json.Obj b = JsonBodies.readObject(request);
        AccessLevel level = AccessLevel.fromWire(string(b, "accessLevel").orElseThrow(() -> invalid("accessLevel is required")));
        store.putTeamAccess(ns, name, team, level);
        return ok(Json.object().put("team", Json.of(team)).put("accessLevel", Json.of(level.wireName())).build());
      }
      if (method.equals("DELETE")) {
        store.removeTeamAccess(ns, name, team);
        return new Answer(204, null);
      }
      throw methodNotAllowed();
    }
    return switch (method) {
      case "GET" -> ok(repository(store.repository(ns, name)));
      case "PATCH" -> {
        Json.Obj b = JsonBodies.readObject(request);
        Repository r = store.repository(ns, name);
        Visibility v = string(b, "visibility").map(Visibility::fromWire).orElse(r.visibility());
        yield ok(repository(store.updateRepository(ns, name, v, bool(b, "immutableTags").orElse(r.immutableTags()))));
      }
      case "DELETE" -> {
        store.deleteRepository(ns, name);
        yield new Answer(204, null);
      }
      default -> throw methodNotAllowed();
    };
  }

  private static void checkPassword(Password pw) {
    char[] c = pw.chars();
    int len = c.length;
    Arrays.fill(c, '\0');
    if (len < 8 || len > 256) {
      throw new AccountException(AccountException.Code.INVALID_PASSWORD, "passwords have 8 to 256 characters");
    }
  }

  private static Answer ok(Json body) {
    return new Answer(200, body);
  }

  private static AccountException invalid(String why) {
    return new AccountException(AccountException.Code.INVALID_ARGUMENT, why);
  }

  private static AccountException methodNotAllowed() {
    return new AccountException(AccountException.Code.METHOD_NOT_ALLOWED, "method not allowed here");
  }

  private static Optional<String> string(Json.Obj o, String name) {
    Json v = o.get(name);
    if (v == null || v instanceof Json.Null) {
      return Optional.empty();
    }
    if (v instanceof Json.Str s) {
      return Optional.of(s.value());
    }
    throw invalid(name + " must be a string");
  }

  private static Optional<Boolean> bool(Json.Obj o, String name) {
    Json v = o.get(name);
    if (v == null || v instanceof Json.Null) {
      return Optional.empty();
    }
    if (v instanceof Json.Bool b) {
      return Optional.of(b.value());
    }
    throw invalid(name + " must be true or false");
  }

  private static Optional<Long> number(Json.Obj o, String name) {
    Json v = o.get(name);
    if (v == null || v instanceof Json.Null) {
      return Optional.empty();
    }
    if (v instanceof Json.Num num) {
      return Optional.of(num.value());
    }
    throw invalid(name + " must be a number");
  }

  static Json certificate(ClientCertificate c) {
    var o = Json.object().put("id", Json.of(c.id())).put("user", Json.of(c.user())).put("serial", Json.of(c.serial()))
        .put("subject", Json.of(c.subject())).put("keyId", Json.of(c.keyId()))
        .put("notBefore", Json.of(c.notBefore().toString())).put("notAfter", Json.of(c.notAfter().toString()))
        .put("created", Json.of(c.created().toString()));
    o.put("revokedAt", c.revokedAt().<Json>map(t -> Json.of(t.toString())).orElse(Json.Null.INSTANCE));
    return o.put("certificate", Json.of(c.pem())).build();
  }

  static Json account(Account a) {
    return Json.object().put("id", Json.of(a.id())).put("name", Json.of(a.name()))
        .put("isOrg", Json.of(a.isOrg())).put("isAdmin", Json.of(a.isAdmin())).build();
  }

  static Json member(Member m) {
    return Json.object().put("name", Json.of(m.user())).put("isAdmin", Json.of(m.isAdmin())).build();
  }

  static Json team(Team t) {
    return Json.object().put("id", Json.of(t.id())).put("org", Json.of(t.org())).put("name", Json.of(t.name())).build();
  }

  static Json repository(Repository r) {
    return Json.object().put("id", Json.of(r.id())).put("namespace", Json.of(r.namespace())).put("name", Json.of(r.name()))
        .put("visibility", Json.of(r.visibility().wireName())).put("immutableTags", Json.of(r.immutableTags())).build();
  }
}
