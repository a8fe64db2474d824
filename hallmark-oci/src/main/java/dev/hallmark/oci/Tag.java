package dev.hallmark.oci;

import java.util.Objects;
import java.util.regex.Pattern;

/** A tag of a repository: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}} (distribution spec "Pulling manifests"). */
public record Tag(String value) implements ManifestReference {
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    Objects.requireNonNull(value);
    if (!TAG.matcher(value).matches()) {
      throw new OciFormatException("invalid tag: " + Digest.truncate(value));
    }
  }

  /** Whether {@code text} is a valid tag. */
  public static boolean isValid(String text) {
    return TAG.matcher(text).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
