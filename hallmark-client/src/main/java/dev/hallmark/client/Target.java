package dev.hallmark.client;

import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.RoleName;
import java.util.Objects;

/**
 * A trusted target: its name, length and hashes (with optional custom data), and the role that
 * signed it.
 */
public record Target(String name, FileMeta meta, RoleName role) {
  public Target {
    Objects.requireNonNull(name);
    Objects.requireNonNull(meta);
    Objects.requireNonNull(role);
  }
}
