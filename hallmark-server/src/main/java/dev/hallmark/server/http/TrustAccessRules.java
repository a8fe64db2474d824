package dev.hallmark.server.http;

import dev.hallmark.auth.Access;
import dev.hallmark.auth.AccessRequest;
import dev.hallmark.auth.AccessRules;
import dev.hallmark.auth.Action;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each trust API route needs under token auth, notary-server 0.7's table (reference section
 * 2.1, server/server.go RootHandler, utils/http.go buildAccessRecords): a route with a {@code {gun}}
 * needs {@code repository:<gun>:<action>} for each listed action; routes without one (ping, the
 * global changefeed, the catch-all) need {@code registry:catalog:*}; health and metrics are open.
 * Methods the catch-all does not accept get their 405 without auth, and a GUN outside the
 * configured prefixes is refused by the routes before auth, as in the reference.
 */
public final class TrustAccessRules implements AccessRules {
  private static final String GUN = "([^*]+)";
  private static final String ROLE = "(?:root|targets(?:/[^/\\s]+)*|snapshot|timestamp)";
  private static final String CHECKSUM = "(?:[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})";
  private static final Pattern TUF = Pattern.compile("^/v2/" + GUN + "/_trust/tuf/$");
  private static final Pattern BY_HASH = Pattern.compile("^/v2/" + GUN + "/_trust/tuf/" + ROLE + "\\." + CHECKSUM + "\\.json$");
  private static final Pattern BY_VERSION = Pattern.compile("^/v2/" + GUN + "/_trust/tuf/[1-9]*[0-9]+\\." + ROLE + "\\.json$");
  private static final Pattern CURRENT = Pattern.compile("^/v2/" + GUN + "/_trust/tuf/" + ROLE + "\\.json$");
  private static final Pattern KEY = Pattern.compile("^/v2/" + GUN + "/_trust/tuf/(?:snapshot|timestamp)\\.key$");
  private static final Pattern CHANGEFEED = Pattern.compile("^/v2/" + GUN + "/_trust/changefeed$");
  private static final Set<String> CATCH_ALL_METHODS = Set.of("GET", "POST", "PUT", "HEAD", "DELETE");

  private final List<String> gunPrefixes;

  /** @param gunPrefixes {@code repositories.gun_prefixes}; empty allows every GUN */
  public TrustAccessRules(List<String> gunPrefixes) {
    this.gunPrefixes = List.copyOf(gunPrefixes);
  }

  @Override
  public List<Access> required(AccessRequest r) {
    String path = r.path();
    String method = r.method();
    Matcher m;
    // routes in the reference's order; the first match wins
    if (method.equals("GET") && path.equals("/v2/")) {
      return List.of(Access.CATALOG);
    }
    if (method.equals("POST") && (m = TUF.matcher(path)).matches()) {
      return gun(m, Action.PUSH, Action.PULL);
    }
    if (method.equals("GET") && ((m = BY_HASH.matcher(path)).matches() || (m = BY_VERSION.matcher(path)).matches()
        || (m = CURRENT.matcher(path)).matches())) {
      return gun(m, Action.PULL);
    }
    if (method.equals("GET") && (m = KEY.matcher(path)).matches()) {
      return gun(m, Action.PUSH, Action.PULL);
    }
    if (method.equals("POST") && (m = KEY.matcher(path)).matches()) {
      return gun(m, Action.ALL);
    }
    if (method.equals("DELETE") && (m = TUF.matcher(path)).matches()) {
      return gun(m, Action.ALL);
    }
    if (method.equals("GET") && path.equals("/v2/_trust/changefeed")) {
      return List.of(Access.CATALOG);
    }
    if (method.equals("GET") && (m = CHANGEFEED.matcher(path)).matches()) {
      return gun(m, Action.PULL);
    }
    if (method.equals("GET") && (path.equals("/_notary_server/health") || path.equals("/metrics"))) {
      return List.of();
    }
    return CATCH_ALL_METHODS.contains(method) ? List.of(Access.CATALOG) : List.of();
  }

  private List<Access> gun(Matcher m, Action... actions) {
    String gun = m.group(1);
    if (!gunPrefixes.isEmpty() && gunPrefixes.stream().noneMatch(gun::startsWith)) {
      return List.of(); // the GUN-prefix filter answers before auth (reference server/server.go)
    }
    return java.util.Arrays.stream(actions).map(a -> Access.repository(gun, a)).toList();
  }
}
