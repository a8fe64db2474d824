/**
 * The registry's use cases beyond moving bytes: {@link dev.hallmark.registry.content.Repositories}
 * (explicit creation, create-on-push, immutable tags), {@link dev.hallmark.registry.content.RepositoryRecords}
 * (the seam to repositories declared elsewhere, e.g. account records), {@link dev.hallmark.registry.content.ManifestPush} (what a
 * manifest must satisfy before it is stored), {@link dev.hallmark.registry.content.Referrers} and
 * {@link dev.hallmark.registry.content.GarbageCollection} (unreferenced blobs, optionally untagged
 * manifests).
 *
 * <p>Depends on hallmark-oci and the {@code blob} and {@code store} ports; no HTTP, no SQL.
 */
package dev.hallmark.registry.content;
