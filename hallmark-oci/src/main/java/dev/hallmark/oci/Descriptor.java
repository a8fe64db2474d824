package dev.hallmark.oci;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A content descriptor (OCI image spec descriptor.md): what the content is, its digest and size.
 *
 * @param artifactType the artifact type, empty string when absent
 * @param annotations the annotations, empty when absent
 */
public record Descriptor(MediaType mediaType, Digest digest, long size, String artifactType,
    Map<String, String> annotations) {
  public Descriptor {
    Objects.requireNonNull(mediaType);
    Objects.requireNonNull(digest);
    Objects.requireNonNull(artifactType);
    if (size < 0) {
      throw new OciFormatException("descriptor size must not be negative");
    }
    annotations = Map.copyOf(annotations);
  }

  /** A descriptor without artifact type and annotations. */
  public static Descriptor of(MediaType mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, "", Map.of());
  }

  /** The artifact type when present. */
  public Optional<MediaType> artifactTypeIfPresent() {
    return artifactType.isEmpty() ? Optional.empty() : Optional.of(new MediaType(artifactType));
  }
}
