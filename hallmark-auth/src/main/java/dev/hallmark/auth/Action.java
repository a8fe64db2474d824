package dev.hallmark.auth;

import java.util.Optional;

/**
 * What a scope allows on a resource (Docker token scope documentation). {@link #ALL} ({@code *})
 * grants every action, as distribution's access controller matches it.
 */
public enum Action {
  PULL("pull"),
  PUSH("push"),
  DELETE("delete"),
  ALL("*");

  private final String wire;

  Action(String wire) {
    this.wire = wire;
  }

  /** The action as it appears in scopes and tokens. */
  public String wireName() {
    return wire;
  }

  /** The action of a wire name; empty for actions Hallmark does not know (clients may send others). */
  public static Optional<Action> fromWire(String s) {
    for (Action a : values()) {
      if (a.wire.equals(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Whether holding this action satisfies a requirement for {@code required}. */
  public boolean covers(Action required) {
    return this == ALL || this == required;
  }
}
