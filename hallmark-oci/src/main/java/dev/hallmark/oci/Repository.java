package dev.hallmark.oci;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository name: path components {@code [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*} joined by
 * {@code /}, at most 255 characters (distribution spec "Pulling manifests"). A component
 * {@code _trust} is impossible by this grammar, which keeps the registry and trust path spaces apart.
 */
public record Repository(String name) {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
  private static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  /** The longest name; distribution's reference.NameTotalLengthMax. */
  public static final int MAX_LENGTH = 255;

  public Repository {
    Objects.requireNonNull(name);
    String problem = problem(name);
    if (problem != null) {
      throw new OciFormatException(problem);
    }
  }

  /** Why {@code text} cannot be a repository name, or {@code null} when it can. */
  public static String problem(String text) {
    if (text.isEmpty()) {
      return "repository name must not be empty";
    }
    if (text.length() > MAX_LENGTH) {
      return "repository name must not be more than " + MAX_LENGTH + " characters";
    }
    if (!NAME.matcher(text).matches()) {
      return "invalid repository name: " + Digest.truncate(text);
    }
    for (String c : text.split("/")) {
      if (c.equals("_trust")) { // unreachable by the grammar; kept as the stated invariant
        return "repository name must not contain _trust";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return name;
  }
}
