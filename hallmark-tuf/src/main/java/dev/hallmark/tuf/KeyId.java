package dev.hallmark.tuf;

import java.util.Objects;

/** A TUF key ID: lowercase hex SHA-256 of the canonical public key JSON (or any string a file names). */
public record KeyId(String value) implements Comparable<KeyId> {
  public KeyId {
    Objects.requireNonNull(value);
    if (value.isEmpty() || value.length() > 256) {
      throw new IllegalArgumentException("invalid key ID length");
    }
  }

  @Override
  public int compareTo(KeyId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
