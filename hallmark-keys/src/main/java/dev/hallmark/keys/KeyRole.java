package dev.hallmark.keys;

import dev.hallmark.tuf.RoleName;
import java.util.Objects;

/**
 * The {@code role} header of a key file: a TUF role ({@code root}, {@code targets},
 * {@code targets/releases}) or a free signer name such as {@code alice} that {@code docker trust key
 * generate} writes. Empty when a file carries no role header.
 *
 * <p>The value is also the passphrase alias notary asks its retrievers for (reference
 * trustmanager/keystore.go).
 */
public record KeyRole(String value) implements Comparable<KeyRole> {
  /** The role of root keys. */
  public static final KeyRole ROOT = new KeyRole("root");
  /** The role of the repository's targets key. */
  public static final KeyRole TARGETS = new KeyRole("targets");
  /** The role of snapshot keys. */
  public static final KeyRole SNAPSHOT = new KeyRole("snapshot");
  /** The role of timestamp keys. */
  public static final KeyRole TIMESTAMP = new KeyRole("timestamp");
  /** What {@code key import} assigns to a block without role (reference const.go {@code DefaultImportRole}). */
  public static final KeyRole DEFAULT_IMPORT = new KeyRole("delegation");
  /** No role header. */
  public static final KeyRole NONE = new KeyRole("");

  public KeyRole {
    Objects.requireNonNull(value);
    if (value.length() > 255) {
      throw new IllegalArgumentException("key role longer than 255 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // a PEM header value ends at the line break; ':' is allowed by Go but would confuse readers
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("key role contains a control character");
      }
    }
    if (!value.equals(value.strip())) {
      throw new IllegalArgumentException("key role has leading or trailing blanks");
    }
  }

  /** The role of a TUF role's key. */
  public static KeyRole of(RoleName role) {
    return of(role.value());
  }

  /** A role header value. @throws IllegalArgumentException for control characters or blanks at the ends */
  public static KeyRole of(String value) {
    return switch (value) {
      case "root" -> ROOT;
      case "targets" -> TARGETS;
      case "snapshot" -> SNAPSHOT;
      case "timestamp" -> TIMESTAMP;
      case "" -> NONE;
      default -> new KeyRole(value);
    };
  }

  /** Whether this is root, targets, snapshot or timestamp. */
  public boolean isBaseRole() {
    return this.equals(ROOT) || carriesGun();
  }

  /**
   * Whether key files of this role name their GUN: only targets, snapshot and timestamp keys do;
   * root keys, delegation keys and signer names are shared across repositories (reference
   * trustmanager/keystore.go {@code AddKey}).
   */
  public boolean carriesGun() {
    return this.equals(TARGETS) || this.equals(SNAPSHOT) || this.equals(TIMESTAMP);
  }

  /** Whether the header is missing or empty. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public int compareTo(KeyRole o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
