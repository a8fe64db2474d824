package dev.hallmark.accounts.http;

import dev.hallmark.auth.Access;
import dev.hallmark.auth.Scope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The {@code Www-Authenticate} challenge of a 401 (reference section 8.2, distribution
 * registry/auth/token/accesscontroller.go): {@code Bearer realm,service,scope[,error]}.
 *
 * @param realm the token endpoint URL; empty means {@code <scheme>://<request Host>/auth/token}
 *     (notary-server's {@code autoredirect})
 * @param service the {@code service} (the token audience)
 */
public record Challenge(Optional<String> realm, String service) {
  public Challenge {
    Objects.requireNonNull(realm);
    Objects.requireNonNull(service);
  }

  /** The realm for a request. */
  String realmFor(Request request) {
    if (realm.isPresent()) {
      return realm.get();
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null || host.isEmpty()) {
      host = request.getHttpURI().getAuthority();
    }
    return (request.isSecure() ? "https" : "http") + "://" + host + "/auth/token";
  }

  /** The header value; {@code error} may be null. */
  String header(Request request, List<Access> required, String error) {
    var sb = new StringBuilder("Bearer realm=").append(quote(realmFor(request)))
        .append(",service=").append(quote(service));
    if (!required.isEmpty()) {
      sb.append(",scope=").append(quote(String.join(" ", Access.toScopes(required).stream().map(Scope::format).toList())));
    }
    if (error != null) {
      sb.append(",error=").append(quote(error));
    }
    return sb.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
