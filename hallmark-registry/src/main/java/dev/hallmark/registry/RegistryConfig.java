package dev.hallmark.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the registry.
 *
 * @param createOnPush create a repository on its first push; when false, only {@code Repositories.create}
 *     and the repositories declared in {@code RepositoryRecords} (the admin API) are pushable, and a push
 *     elsewhere is {@code NAME_UNKNOWN}
 * @param maxManifestBytes the largest manifest accepted (distribution: 4 MiB)
 * @param deletesEnabled whether manifest, tag and blob deletion is allowed ({@code UNSUPPORTED} otherwise)
 * @param uploadExpiry how long an idle upload session lives before cleanup may remove it
 * @param gcGracePeriod blobs younger than this are never collected (they may belong to a push in flight)
 */
public record RegistryConfig(boolean createOnPush, int maxManifestBytes, boolean deletesEnabled, Duration uploadExpiry,
    Duration gcGracePeriod) {
  public RegistryConfig {
    Objects.requireNonNull(uploadExpiry);
    Objects.requireNonNull(gcGracePeriod);
    if (maxManifestBytes < 1024) {
      throw new IllegalArgumentException("registry.max_manifest_bytes must be at least 1024");
    }
  }

  /** These settings with {@code createOnPush} as given ({@code hallmark server --no-create-on-push}). */
  public RegistryConfig withCreateOnPush(boolean create) {
    return new RegistryConfig(create, maxManifestBytes, deletesEnabled, uploadExpiry, gcGracePeriod);
  }

  /** The defaults of an open registry: create on push, 4 MiB manifests, deletes on, 1 day uploads, 1 hour GC grace. */
  public static RegistryConfig defaults() {
    return new RegistryConfig(true, 4 << 20, true, Duration.ofDays(1), Duration.ofHours(1));
  }
}
