package dev.hallmark.server.store;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.time.Instant;
import java.util.Objects;

/** One stored metadata file: the exact bytes that were verified, with their identity. */
public record StoredFile(Gun gun, RoleName role, int version, String sha256, Bytes data, Instant createdAt) {
  public StoredFile {
    Objects.requireNonNull(gun);
    Objects.requireNonNull(role);
    Objects.requireNonNull(sha256);
    Objects.requireNonNull(data);
    Objects.requireNonNull(createdAt);
  }
}
