package dev.hallmark.tuf;

import java.util.Objects;

/**
 * Name of a TUF role: {@code root}, {@code targets}, {@code snapshot}, {@code timestamp}, or a
 * delegation such as {@code targets/releases}.
 *
 * <p>Delegation names follow notary 0.7 (reference tuf/data/roles.go {@code IsDelegation}): prefix
 * {@code targets/}, only {@code [-a-z0-9_/]}, shorter than 256 characters, path-clean.
 */
public record RoleName(String value) implements Comparable<RoleName> {
  public static final RoleName ROOT = new RoleName("root");
  public static final RoleName TARGETS = new RoleName("targets");
  public static final RoleName SNAPSHOT = new RoleName("snapshot");
  public static final RoleName TIMESTAMP = new RoleName("timestamp");

  public RoleName {
    Objects.requireNonNull(value);
    if (!isBase(value) && !isValidDelegation(value)) {
      throw new IllegalArgumentException("invalid role name: " + value);
    }
  }

  /** Parses a role name. @throws IllegalArgumentException when it is no valid role */
  public static RoleName of(String value) {
    return switch (value) {
      case "root" -> ROOT;
      case "targets" -> TARGETS;
      case "snapshot" -> SNAPSHOT;
      case "timestamp" -> TIMESTAMP;
      default -> new RoleName(value);
    };
  }

  /** A delegation role. @throws IllegalArgumentException when the name is no valid delegation */
  public static RoleName delegation(String value) {
    if (!isValidDelegation(value)) {
      throw new IllegalArgumentException("invalid delegation role name: " + value);
    }
    return new RoleName(value);
  }

  /** Whether the text names any valid role. */
  public static boolean isValid(String value) {
    return isBase(value) || isValidDelegation(value);
  }

  private static boolean isBase(String v) {
    return v.equals("root") || v.equals("targets") || v.equals("snapshot") || v.equals("timestamp");
  }

  private static boolean isValidDelegation(String v) {
    if (!v.startsWith("targets/") || v.length() >= 256 || v.endsWith("/")) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '/')) {
        return false;
      }
    }
    for (String segment : v.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Whether this is a delegated targets role. */
  public boolean isDelegation() {
    return value.startsWith("targets/");
  }

  /** Whether this is {@code targets} or a delegation of it. */
  public boolean isTargetsFamily() {
    return value.equals("targets") || isDelegation();
  }

  /** The role that delegates to this one. @throws IllegalStateException for a base role */
  public RoleName parent() {
    if (!isDelegation()) {
      throw new IllegalStateException(value + " has no parent role");
    }
    return of(value.substring(0, value.lastIndexOf('/')));
  }

  /** Number of {@code /} in the name: 0 for base roles, 1 for {@code targets/x}. */
  public int depth() {
    return (int) value.chars().filter(c -> c == '/').count();
  }

  @Override
  public int compareTo(RoleName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
