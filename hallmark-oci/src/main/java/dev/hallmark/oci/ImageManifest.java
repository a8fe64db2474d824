package dev.hallmark.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image manifest: OCI {@code application/vnd.oci.image.manifest.v1+json} or Docker
 * {@code application/vnd.docker.distribution.manifest.v2+json}; also OCI 1.1 artifacts.
 *
 * @param artifactTypeField the {@code artifactType} member, empty string when absent
 */
public record ImageManifest(MediaType mediaType, Descriptor config, List<Descriptor> layers, String artifactTypeField,
    Optional<Descriptor> subject, Map<String, String> annotations) implements Manifest {
  public ImageManifest {
    Objects.requireNonNull(mediaType);
    Objects.requireNonNull(config);
    Objects.requireNonNull(artifactTypeField);
    Objects.requireNonNull(subject);
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }

  @Override
  public Optional<MediaType> artifactType() {
    // OCI image spec manifest.md: artifactType, else config.mediaType
    return artifactTypeField.isEmpty() ? Optional.of(config.mediaType()) : Optional.of(new MediaType(artifactTypeField));
  }

  @Override
  public List<Descriptor> requiredContent() {
    var out = new ArrayList<Descriptor>(layers.size() + 1);
    out.add(config);
    for (Descriptor l : layers) {
      // foreign (non-distributable) layers live elsewhere, as distribution 2.8 accepts them
      if (!l.mediaType().value().contains("foreign") && !l.mediaType().value().contains("nondistributable")) {
        out.add(l);
      }
    }
    return out;
  }
}
