package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;

/**
 * Hears how the transfer of each blob of a push or pull goes, as {@code docker push} shows it per
 * layer. Calls for one blob come in order ({@link #transferred} any number of times, then
 * {@link #completed}), possibly from an HTTP client thread; implementations must be thread-safe.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** The registry already has the blob; nothing is sent. */
  default void alreadyExists(Digest blob) {}

  /** {@code done} of {@code total} bytes of the blob have been sent or received. */
  default void transferred(Digest blob, long done, long total) {}

  /** The blob is stored at the other end (push) or verified on disk (pull). */
  default void completed(Digest blob) {}
}
