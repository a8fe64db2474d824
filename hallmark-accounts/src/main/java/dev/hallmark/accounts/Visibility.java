package dev.hallmark.accounts;

import java.util.Locale;

/** Who may pull from a repository without any grant. */
public enum Visibility {
  /** Anyone, anonymous included, may pull. */
  PUBLIC,
  /** Only the namespace owner, its teams with access, and admins. */
  PRIVATE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws AccountException {@code INVALID_ARGUMENT} for other values */
  public static Visibility fromWire(String s) {
    return switch (s) {
      case "public" -> PUBLIC;
      case "private" -> PRIVATE;
      default -> throw new AccountException(AccountException.Code.INVALID_ARGUMENT, "visibility must be public or private: " + s);
    };
  }
}
