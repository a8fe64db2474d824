/**
 * The OCI distribution API (spec 1.1, Docker Registry HTTP API v2) of hallmark: error codes, the
 * root exception and the registry's settings. Capabilities live in subpackages:
 * {@code access} (the scope-check seam auth plugs into), {@code blob} (the {@code BlobStore} port,
 * files, resumable uploads), {@code store} (repositories, manifests, tags in the database),
 * {@code content} (manifest push rules, repositories, garbage collection) and {@code http} (the
 * route table).
 *
 * <p>Depends on hallmark-oci, Jetty (only in {@code http}), JDBC and SLF4J; never on the trust server
 * or on an auth implementation.
 */
package dev.hallmark.registry;
