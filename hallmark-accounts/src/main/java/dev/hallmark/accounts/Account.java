package dev.hallmark.accounts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user or an organisation; both live in one namespace of names (DTR). The password hash is not
 * part of this value.
 */
public record Account(long id, String name, boolean isOrg, boolean isAdmin) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

  public Account {
    checkName(name);
  }

  /**
   * Validates an account name: lower-case letters and digits separated by single {@code . _ -},
   * at most 64 characters (DTR's rule), so that it is a valid first path component of an image.
   *
   * @throws AccountException {@code INVALID_NAME}
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name);
    if (name.length() > 64 || !NAME.matcher(name).matches()) {
      throw new AccountException(AccountException.Code.INVALID_NAME,
          "invalid account name (lower-case letters, digits and single . _ - between them, at most 64): " + name);
    }
    return name;
  }
}
