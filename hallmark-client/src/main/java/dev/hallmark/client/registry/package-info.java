/**
 * An OCI distribution client (distribution spec v1.1, the subset {@code docker push/pull} uses): blob
 * existence checks and monolithic uploads streamed from disk, manifest push and pull, images and image
 * indexes, token authentication answering the registry's {@code WWW-Authenticate} challenge, and a digest
 * check of everything pulled, as it streams to disk. Also reads and writes image archives: {@code docker
 * save} tarballs and OCI image layouts (directory or tar), without holding layers in memory.
 *
 * <p>API: {@link dev.hallmark.client.registry.RegistryClient}, {@link dev.hallmark.client.registry.StreamedImage},
 * {@link dev.hallmark.client.registry.BlobSource}, {@link dev.hallmark.client.registry.ProgressListener},
 * {@link dev.hallmark.client.registry.Platform}, {@link dev.hallmark.client.registry.Image},
 * {@link dev.hallmark.client.registry.ImageArchive}, {@link dev.hallmark.client.registry.RegistryException}.
 *
 * <p>Depends on {@code dev.hallmark.oci}, {@code dev.hallmark.tuf.json} (JSON codec) and the JDK; must not
 * depend on the trust client ({@code dev.hallmark.client}) or any server module.
 */
package dev.hallmark.client.registry;
