package dev.hallmark.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One action on one resource that a request needs, as distribution's {@code auth.Access}; a 401
 * lists them in its {@code detail} and folds them into the challenge's {@code scope}.
 */
public record Access(String type, String name, Action action) {
  public Access {
    Objects.requireNonNull(type);
    Objects.requireNonNull(name);
    Objects.requireNonNull(action);
  }

  /** {@code repository:<name>:<action>}. */
  public static Access repository(String name, Action action) {
    return new Access("repository", name, action);
  }

  /** {@code registry:catalog:*}, what routes without a repository need. */
  public static final Access CATALOG = new Access("registry", "catalog", Action.ALL);

  /**
   * Groups accesses into scopes by resource, keeping first-appearance order, as distribution builds
   * the challenge's {@code scope} ({@code repository:a:push,pull}).
   */
  public static List<Scope> toScopes(List<Access> accesses) {
    Map<String, List<Action>> byResource = new LinkedHashMap<>();
    Map<String, Access> first = new LinkedHashMap<>();
    for (Access a : accesses) {
      String key = a.type + "\u0000" + a.name;
      byResource.computeIfAbsent(key, k -> new ArrayList<>()).add(a.action);
      first.putIfAbsent(key, a);
    }
    List<Scope> out = new ArrayList<>();
    first.forEach((k, a) -> out.add(new Scope(a.type, a.name, byResource.get(k))));
    return out;
  }
}
