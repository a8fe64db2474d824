package dev.hallmark.auth;

import java.util.Map;
import java.util.Objects;

/**
 * The parts of an HTTP request that decide what access it needs.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path, e.g. {@code /v2/example.com/app/_trust/tuf/root.json}
 * @param query the first value of each query parameter
 */
public record AccessRequest(String method, String path, Map<String, String> query) {
  public AccessRequest {
    Objects.requireNonNull(method);
    Objects.requireNonNull(path);
    query = Map.copyOf(query);
  }
}
