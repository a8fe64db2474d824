package dev.hallmark.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password in memory: no revealing {@code toString}, no {@code equals}; {@link #destroy()} wipes it.
 * Reads go through {@link #chars()} so every use can be found.
 */
public final class Password {
  private final char[] chars;

  private Password(char[] chars) {
    this.chars = chars;
  }

  /** A password from a copy of {@code chars}. */
  public static Password of(char[] chars) {
    return new Password(Objects.requireNonNull(chars).clone());
  }

  /** A password from a string (HTTP Basic credentials, environment variables). */
  public static Password of(String s) {
    return new Password(s.toCharArray());
  }

  /** A copy of the characters; the caller wipes it. */
  public char[] chars() {
    return chars.clone();
  }

  /** Whether the password is empty. */
  public boolean isEmpty() {
    return chars.length == 0;
  }

  /** Overwrites the characters. */
  public void destroy() {
    Arrays.fill(chars, '\0');
  }

  @Override
  public String toString() {
    return "Password[***]";
  }
}
