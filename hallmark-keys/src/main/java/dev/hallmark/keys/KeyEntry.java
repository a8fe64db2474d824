package dev.hallmark.keys;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of a key store as {@code notary key list} shows it, read from the file name and PEM headers
 * without decrypting anything.
 */
public final class KeyEntry {
  private final KeyId id;
  private final KeyRole role;
  private final Gun gun;
  private final Path location;
  private final Path file;

  KeyEntry(KeyId id, KeyRole role, Gun gun, Path location, Path file) {
    this.id = Objects.requireNonNull(id);
    this.role = Objects.requireNonNull(role);
    this.gun = gun;
    this.location = Objects.requireNonNull(location);
    this.file = Objects.requireNonNull(file);
  }

  /** The key ID: the file name without {@code .key}. */
  public KeyId id() {
    return id;
  }

  /** The {@code role} header. */
  public KeyRole role() {
    return role;
  }

  /** The {@code gun} header, if any. */
  public Optional<Gun> gun() {
    return Optional.ofNullable(gun);
  }

  /** The store's location as notary's LOCATION column prints it: the {@code private} directory. */
  public Path location() {
    return location;
  }

  /** The key file. */
  public Path file() {
    return file;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyEntry e && id.equals(e.id) && role.equals(e.role) && Objects.equals(gun, e.gun)
        && location.equals(e.location) && file.equals(e.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, role, gun, location, file);
  }

  @Override
  public String toString() {
    return "KeyEntry[" + id + " role=" + role + (gun == null ? "" : " gun=" + gun) + " " + file + "]";
  }
}
