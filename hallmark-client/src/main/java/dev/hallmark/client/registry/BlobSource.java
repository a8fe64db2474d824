package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A blob read from disk when needed (a file, a tar entry, a compressed copy), never held in memory.
 *
 * @param size the number of bytes {@code content} yields
 */
public record BlobSource(Digest digest, long size, Content content) {
  public BlobSource {
    Objects.requireNonNull(digest);
    Objects.requireNonNull(content);
    if (size < 0) {
      throw new IllegalArgumentException("negative blob size");
    }
  }

  /** Opens the blob's bytes; each call starts a new stream from the beginning. */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }
}
