package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.tuf.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One image as pushed or pulled: the manifest bytes exactly as signed, their media type, and every blob
 * the manifest references (config first, then layers), keyed by digest.
 */
public record Image(MediaType mediaType, Bytes manifest, Map<Digest, Bytes> blobs) {
  public Image {
    Objects.requireNonNull(mediaType);
    Objects.requireNonNull(manifest);
    blobs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(blobs));
    for (var e : blobs.entrySet()) {
      Digest actual = e.getKey().recompute(e.getValue().unsafeArray());
      if (!actual.equals(e.getKey())) {
        throw new RegistryException(0, "blob " + e.getKey() + " has digest " + actual);
      }
    }
  }

  /** The manifest's digest (sha256 of its bytes). */
  public Digest digest() {
    return Digest.sha256(manifest.unsafeArray());
  }
}
