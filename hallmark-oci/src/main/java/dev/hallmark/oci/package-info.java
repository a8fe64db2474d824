/**
 * The OCI image and distribution model: {@link dev.hallmark.oci.Digest}, {@link dev.hallmark.oci.MediaType},
 * {@link dev.hallmark.oci.Descriptor}, the {@link dev.hallmark.oci.Manifest} formats (Docker schema 2,
 * OCI image manifest, OCI index, Docker manifest list; artifacts with {@code subject} and
 * {@code artifactType}), repository names, tags and references.
 *
 * <p>Depends on the JDK and jackson-core only; nothing else in hallmark. Values are valid when built.
 */
package dev.hallmark.oci;
