package dev.hallmark.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resource scope {@code type:name:action,…}, as in a token request's {@code scope} parameter, a
 * challenge's {@code scope} and a token's {@code access} claim, e.g.
 * {@code repository:example.com/app:push,pull} or {@code registry:catalog:*}.
 *
 * @param type resource type, {@code repository} or {@code registry}, optionally with a class
 *     ({@code repository(plugin)})
 * @param name resource name; may contain {@code :} (a registry host with a port)
 * @param actions the known actions, in wire order of first appearance
 */
public record Scope(String type, String name, List<Action> actions) {
  private static final Pattern TYPE = Pattern.compile("[a-z0-9]+(?:\\([a-z0-9]+\\))?");

  /** The catalog scope that routes without a repository require. */
  public static final Scope CATALOG = new Scope("registry", "catalog", List.of(Action.ALL));

  public Scope {
    Objects.requireNonNull(type);
    Objects.requireNonNull(name);
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("invalid resource type: " + type);
    }
    if (name.isEmpty() || name.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("invalid resource name: " + name);
    }
    actions = List.copyOf(new java.util.LinkedHashSet<>(actions));
  }

  /** A repository scope. */
  public static Scope repository(String name, Action... actions) {
    return new Scope("repository", name, List.of(actions));
  }

  /**
   * Parses {@code type:name:actions} as distribution's token server does: the type ends at the
   * first colon, the actions start after the last one, the name is what is between. Unknown actions
   * are dropped (a token server grants only what it knows).
   *
   * @throws IllegalArgumentException when the text has fewer than three parts or an empty name
   */
  public static Scope parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last == first) {
      throw new IllegalArgumentException("invalid scope: " + text);
    }
    List<Action> actions = new ArrayList<>();
    for (String a : text.substring(last + 1).split(",")) {
      Action.fromWire(a).ifPresent(actions::add);
    }
    return new Scope(text.substring(0, first), text.substring(first + 1, last), actions);
  }

  /** Parses a space-separated list of scopes (OAuth2 style, and the challenge's scope). */
  public static List<Scope> parseAll(String text) {
    List<Scope> out = new ArrayList<>();
    for (String s : text.trim().split(" +")) {
      if (!s.isEmpty()) {
        out.add(parse(s));
      }
    }
    return out;
  }

  /** This scope with only the given actions. */
  public Scope withActions(Set<Action> kept) {
    return new Scope(type, name, actions.stream().filter(kept::contains).toList());
  }

  /** The set of actions. */
  public Set<Action> actionSet() {
    return actions.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(actions));
  }

  /** Whether this scope grants {@code access}. */
  public boolean grants(Access access) {
    return type.equals(access.type()) && name.equals(access.name())
        && actions.stream().anyMatch(a -> a.covers(access.action()));
  }

  /** The single accesses this scope stands for. */
  public List<Access> accesses() {
    return actions.stream().map(a -> new Access(type, name, a)).toList();
  }

  /** The wire form {@code type:name:a,b}. */
  public String format() {
    return type + ":" + name + ":" + String.join(",", actions.stream().map(Action::wireName).toList());
  }

  @Override
  public String toString() {
    return format();
  }
}
