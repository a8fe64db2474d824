package dev.hallmark.accounts.http;

import dev.hallmark.auth.Access;
import dev.hallmark.auth.AccessRequest;
import dev.hallmark.auth.AccessRules;
import dev.hallmark.auth.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What OCI distribution API requests need, as distribution's {@code appendAccessRecords}
 * (registry/handlers/app.go): GET/HEAD pull; POST/PUT/PATCH push and pull (a cross-repository mount
 * also pulls from {@code from}); DELETE delete; {@code /v2/_catalog} the catalog.
 *
 * <p>A stand-in until hallmark-registry states its own rules through {@link AccessRules}.
 */
public final class RegistryAccessRules implements AccessRules {
  private static final Pattern REPO_PATH = Pattern.compile("^/v2/(.+?)/(manifests/[^/]+|blobs/uploads/?.*|blobs/[^/]+|tags/list|referrers/[^/]+)$");

  /** Whether a path belongs to the registry API rather than the trust API. */
  public static boolean claims(String path) {
    return path.equals("/v2/_catalog") || (!path.contains("/_trust/") && REPO_PATH.matcher(path).matches());
  }

  @Override
  public List<Access> required(AccessRequest r) {
    if (r.path().equals("/v2/_catalog")) {
      return List.of(Access.CATALOG);
    }
    Matcher m = REPO_PATH.matcher(r.path());
    if (!m.matches()) {
      return List.of(Access.CATALOG);
    }
    String name = m.group(1);
    List<Access> out = new ArrayList<>();
    switch (r.method()) {
      case "GET", "HEAD" -> out.add(Access.repository(name, Action.PULL));
      case "POST", "PUT", "PATCH" -> {
        out.add(Access.repository(name, Action.PULL));
        out.add(Access.repository(name, Action.PUSH));
        String from = r.query().get("from");
        if (r.method().equals("POST") && r.query().containsKey("mount") && from != null && !from.isEmpty()) {
          out.add(Access.repository(from, Action.PULL));
        }
      }
      case "DELETE" -> out.add(Access.repository(name, Action.DELETE));
      default -> {
        // other methods get 405 from the registry without auth, as the trust API does
      }
    }
    return out;
  }
}
