package dev.hallmark.tuf;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Globally Unique Name of a trust collection, e.g. {@code docker.io/library/alpine}.
 *
 * <p>notary 0.7 accepts any string without {@code *}; Hallmark accepts the names images can have
 * plus what notary users put there in practice, and refuses what would be ambiguous on a path or in
 * a log: control characters, spaces, {@code ..} and empty segments, more than 255 bytes (the
 * reference's column width).
 */
public record Gun(String value) implements Comparable<Gun> {
  /** The longest GUN, in UTF-8 bytes. */
  public static final int MAX_LENGTH = 255;

  public Gun {
    Objects.requireNonNull(value);
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("invalid GUN: " + problem);
    }
  }

  /** Why the text is not a valid GUN, or {@code null} when it is. */
  public static String problem(String value) {
    if (value.isEmpty()) {
      return "empty";
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " bytes";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_' || c == '/' || c == ':' || c == '@' || c == '+'
          || c == '~';
      if (!ok) {
        return "character " + describe(c) + " is not allowed";
      }
    }
    if (value.startsWith("/") || value.endsWith("/")) {
      return "must not start or end with '/'";
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "empty path segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "'" + segment + "' path segment";
      }
      if (segment.equals("_trust")) {
        return "'_trust' is reserved";
      }
    }
    return null;
  }

  private static String describe(char c) {
    return c < 0x20 || c == 0x7f || Character.isWhitespace(c)
        ? String.format("U+%04X", (int) c)
        : "'" + c + "'";
  }

  @Override
  public int compareTo(Gun o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
