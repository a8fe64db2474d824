package dev.hallmark.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest as a registry sees it: an {@link ImageManifest} (OCI image manifest, Docker schema 2,
 * artifacts) or an {@link ImageIndex} (OCI index, Docker manifest list). Parse with
 * {@link Manifests#parse}; the stored and served form is always the pushed bytes.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {
  MediaType mediaType();

  /** The manifest this one refers to (OCI 1.1 {@code subject}), when present. */
  Optional<Descriptor> subject();

  /** The artifact type as the referrers API reports it: {@code artifactType}, else the config's media type. */
  Optional<MediaType> artifactType();

  Map<String, String> annotations();

  /** The descriptors whose content the registry must hold before it accepts this manifest. */
  List<Descriptor> requiredContent();
}
