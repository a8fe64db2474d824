package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.tuf.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * An image whose blobs stay on disk: the manifest bytes exactly as signed, their media type, the
 * blobs an image manifest references (config first, then layers) and, for an image index, the
 * manifests it lists, in its order.
 */
public record StreamedImage(MediaType mediaType, Bytes manifest, List<BlobSource> blobs, List<StreamedImage> children) {
  public StreamedImage {
    Objects.requireNonNull(mediaType);
    Objects.requireNonNull(manifest);
    blobs = List.copyOf(blobs);
    children = List.copyOf(children);
  }

  /** The manifest's digest (sha256 of its bytes). */
  public Digest digest() {
    return Digest.sha256(manifest.unsafeArray());
  }

  /** Whether this is an image index (OCI index or Docker manifest list). */
  public boolean isIndex() {
    return mediaType.isIndex();
  }
}
