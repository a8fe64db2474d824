package dev.hallmark.accounts.http;

import dev.hallmark.accounts.Account;
import dev.hallmark.accounts.AccountException;
import dev.hallmark.tuf.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A collection of the admin API served by another module, e.g. the policy rules at
 * {@code /api/v0/policies}: the admin API authenticates the caller (admins only), reads the JSON
 * body and writes the answer or the error, so an extension neither sees HTTP nor checks auth.
 */
public interface AdminExtension {
  /** The first path segment below {@code /api/v0/} this extension serves, e.g. {@code policies}. */
  String collection();

  /**
   * Serves one request of an admin.
   *
   * @throws AccountException with the code (and so the HTTP status) to answer
   */
  Reply handle(Call call);

  /**
   * One admin request.
   *
   * @param path the decoded path segments after the collection, e.g. {@code [dev, nginx]}
   * @param body the JSON object body of PUT, POST and PATCH; empty for other methods
   */
  record Call(String method, List<String> path, Account caller, Json.Obj body) {
    public Call {
      Objects.requireNonNull(method);
      path = List.copyOf(path);
      Objects.requireNonNull(caller);
      Objects.requireNonNull(body);
    }
  }

  /** An answer: a status and a JSON body (none for 204). */
  record Reply(int status, Optional<Json> body) {
    public Reply {
      Objects.requireNonNull(body);
    }

    public static Reply ok(Json body) {
      return new Reply(200, Optional.of(body));
    }

    public static Reply noContent() {
      return new Reply(204, Optional.empty());
    }
  }
}
