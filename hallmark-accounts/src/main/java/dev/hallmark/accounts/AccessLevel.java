package dev.hallmark.accounts;

import dev.hallmark.auth.Action;
import java.util.EnumSet;
import java.util.Set;

/** A team's access to a repository of its organisation, as DTR's team repository access levels. */
public enum AccessLevel {
  READ_ONLY("read-only", EnumSet.of(Action.PULL)),
  READ_WRITE("read-write", EnumSet.of(Action.PULL, Action.PUSH)),
  ADMIN("admin", EnumSet.allOf(Action.class));

  private final String wire;
  private final Set<Action> actions;

  AccessLevel(String wire, Set<Action> actions) {
    this.wire = wire;
    this.actions = actions;
  }

  public String wireName() {
    return wire;
  }

  /** The actions this level allows. */
  public Set<Action> actions() {
    return EnumSet.copyOf(actions);
  }

  /** @throws AccountException {@code INVALID_ARGUMENT} for other values */
  public static AccessLevel fromWire(String s) {
    for (AccessLevel l : values()) {
      if (l.wire.equals(s)) {
        return l;
      }
    }
    throw new AccountException(AccountException.Code.INVALID_ARGUMENT, "access level must be read-only, read-write or admin: " + s);
  }
}
