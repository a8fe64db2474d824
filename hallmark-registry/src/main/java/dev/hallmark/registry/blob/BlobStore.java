package dev.hallmark.registry.blob;

import dev.hallmark.oci.Digest;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Blobs addressed by their digest. Content only becomes visible complete and verified: writers
 * stage a file, verify it, then {@link #commit} it. Implementations are safe for concurrent use, and
 * committing the same digest concurrently leaves one correct blob.
 */
public interface BlobStore {
  /** The size of a stored blob; empty when the store does not hold it. */
  OptionalLong size(Digest digest) throws IOException;

  /** Opens a stored blob for reading. @throws java.nio.file.NoSuchFileException when absent */
  SeekableByteChannel open(Digest digest) throws IOException;

  /** The directory where upload sessions stage content, on storage from which {@link #commit} moves files cheaply. */
  Path uploadsDirectory();

  /**
   * Makes a verified staging file the content of {@code digest}, atomically; the file is consumed.
   * The caller has checked that the file's content has this digest.
   */
  void commit(Path verified, Digest digest) throws IOException;

  /** Removes a blob; false when it was not there. */
  boolean delete(Digest digest) throws IOException;

  /** A stored blob and when it was last written, for garbage collection. */
  record Stored(Digest digest, long size, Instant modified) {}

  /** Every stored blob. */
  List<Stored> list() throws IOException;
}
