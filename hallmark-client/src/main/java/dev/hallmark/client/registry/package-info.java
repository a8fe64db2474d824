/**
 * An OCI distribution client (distribution spec v1.1, the subset {@code docker push/pull} uses): blob
 * existence checks and monolithic uploads, manifest push and pull, token authentication answering the
 * registry's {@code WWW-Authenticate} challenge, and a digest check of everything pulled. Also reads and
 * writes image archives: {@code docker save} tarballs and OCI image layouts (directory or tar).
 *
 * <p>API: {@link dev.hallmark.client.registry.RegistryClient}, {@link dev.hallmark.client.registry.Image},
 * {@link dev.hallmark.client.registry.ImageArchive}, {@link dev.hallmark.client.registry.RegistryException}.
 *
 * <p>Depends on {@code dev.hallmark.oci}, {@code dev.hallmark.tuf.json} (JSON codec) and the JDK; must not
 * depend on the trust client ({@code dev.hallmark.client}) or any server module.
 */
package dev.hallmark.client.registry;
