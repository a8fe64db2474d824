package dev.hallmark.accounts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository {@code <namespace>/<name>} in a user's or organisation's namespace.
 *
 * @param name the path below the namespace; may contain {@code /}
 */
public record Repository(long id, String namespace, String name, Visibility visibility, boolean immutableTags) {
  // distribution's path component grammar (reference docker/distribution reference/regexp.go)
  private static final Pattern NAME = Pattern.compile(
      "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  public Repository {
    Account.checkName(namespace);
    checkName(name);
    Objects.requireNonNull(visibility);
  }

  /** {@code namespace/name}. */
  public String path() {
    return namespace + "/" + name;
  }

  /** @throws AccountException {@code INVALID_NAME} unless a valid repository name of at most 200 characters */
  public static String checkName(String name) {
    if (name == null || name.length() > 200 || !NAME.matcher(name).matches()) {
      throw new AccountException(AccountException.Code.INVALID_NAME, "invalid repository name: " + name);
    }
    return name;
  }
}
