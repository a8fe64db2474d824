/**
 * Blob content: the {@link dev.hallmark.registry.blob.BlobStore} port (content addressed by digest),
 * its filesystem implementation, and resumable upload sessions
 * ({@link dev.hallmark.registry.blob.BlobUploads}) that stream to a staging file while hashing, verify
 * the digest, and hand the file to the store, which renames it into place atomically. A digest
 * mismatch stores nothing; an interrupted request leaves nothing visible.
 *
 * <p>Depends on hallmark-oci and the JDK only; no HTTP, no SQL.
 */
package dev.hallmark.registry.blob;
