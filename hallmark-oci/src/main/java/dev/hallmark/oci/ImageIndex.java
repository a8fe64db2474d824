package dev.hallmark.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An index of manifests: OCI {@code application/vnd.oci.image.index.v1+json} or Docker
 * {@code application/vnd.docker.distribution.manifest.list.v2+json}.
 *
 * @param artifactTypeField the {@code artifactType} member, empty string when absent
 */
public record ImageIndex(MediaType mediaType, List<Descriptor> manifests, String artifactTypeField,
    Optional<Descriptor> subject, Map<String, String> annotations) implements Manifest {
  public ImageIndex {
    Objects.requireNonNull(mediaType);
    Objects.requireNonNull(artifactTypeField);
    Objects.requireNonNull(subject);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  @Override
  public Optional<MediaType> artifactType() {
    return artifactTypeField.isEmpty() ? Optional.empty() : Optional.of(new MediaType(artifactTypeField));
  }

  @Override
  public List<Descriptor> requiredContent() {
    return manifests;
  }
}
