/**
 * Registry state in the database: repositories, which blobs each repository holds (links),
 * manifests (the pushed bytes, their media type, artifact type and subject), what each manifest
 * references, and tags. {@link dev.hallmark.registry.store.RegistryStore} is the port;
 * {@link dev.hallmark.registry.store.JdbcRegistryStore} runs on any {@code javax.sql.DataSource}
 * (H2 now; the SQL is written for PostgreSQL too) with its own migration table
 * {@code registry_schema}.
 *
 * <p>Depends on hallmark-oci, JDBC and the JDK; no HTTP.
 */
package dev.hallmark.registry.store;
