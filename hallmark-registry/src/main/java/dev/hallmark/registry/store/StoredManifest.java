package dev.hallmark.registry.store;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A manifest as pushed: its digest, media type and exact bytes (served as stored, never re-encoded). */
public final class StoredManifest {
  private final Digest digest;
  private final MediaType mediaType;
  private final byte[] content;

  /** @param content taken over; the caller must not modify it afterwards */
  public StoredManifest(Digest digest, MediaType mediaType, byte[] content) {
    this.digest = Objects.requireNonNull(digest);
    this.mediaType = Objects.requireNonNull(mediaType);
    this.content = Objects.requireNonNull(content);
  }

  public Digest digest() {
    return digest;
  }

  public MediaType mediaType() {
    return mediaType;
  }

  public int size() {
    return content.length;
  }

  /** The bytes, read-only. */
  public ByteBuffer content() {
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
  }

  /** A copy of the bytes. */
  public byte[] contentBytes() {
    return content.clone();
  }

  @Override
  public String toString() {
    return "StoredManifest[" + digest + ", " + mediaType + ", " + content.length + " bytes]";
  }
}
