package dev.hallmark.accounts.http;

import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * An admin API endpoint that another module serves at {@code /api/v0/<name>}, behind the admin API's
 * authentication: only admins reach it. Lets services the accounts module must not depend on (the
 * registry's garbage collector) offer admin operations on the same API.
 *
 * {@snippet :
 * AdminEndpoint gc = (method, query) -> Json.object().put("blobsDeleted", Json.of(0)).build();
 * new AccountRoutes(next, store, hasher, authenticator, issuer, verifier, blocking, Map.of("gc", gc));
 * }
 */
@FunctionalInterface
public interface AdminEndpoint {
  /**
   * Serves one request of an authenticated admin (blocking) and returns the {@code 200} JSON body.
   *
   * @param method the HTTP method
   * @param query the decoded query parameters (the last value of each)
   * @throws dev.hallmark.accounts.AccountException with its code ({@code METHOD_NOT_ALLOWED},
   *     {@code INVALID_ARGUMENT}, {@code CONFLICT}, …) to refuse
   */
  Json handle(String method, Map<String, String> query) throws IOException;
}
