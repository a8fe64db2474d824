package dev.hallmark.registry.content;

import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Manifest;
import dev.hallmark.oci.Manifests;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.OciFormatException;
import dev.hallmark.oci.Repository;
import dev.hallmark.registry.store.RegistryStore;
import dev.hallmark.registry.store.StoredManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The referrers of a manifest (distribution spec 1.1 "Listing Referrers") as descriptors. */
public final class Referrers {
  private final RegistryStore store;

  public Referrers(RegistryStore store) {
    this.store = store;
  }

  /**
   * Descriptors of the manifests whose subject is {@code subject}, each with its artifact type
   * and annotations; only those of {@code artifactType} when given.
   */
  public List<Descriptor> of(Repository repository, Digest subject, Optional<MediaType> artifactType) throws IOException {
    var out = new ArrayList<Descriptor>();
    for (StoredManifest m : store.referrers(repository, subject)) {
      Manifest parsed;
      try {
        byte[] bytes = m.contentBytes();
        parsed = Manifests.parse(bytes, Optional.of(m.mediaType()));
      } catch (OciFormatException e) {
        continue; // stored manifests were valid when pushed
      }
      String type = parsed.artifactType().map(MediaType::value).orElse("");
      if (artifactType.isPresent() && !artifactType.get().value().equals(type)) {
        continue;
      }
      out.add(new Descriptor(m.mediaType(), m.digest(), m.size(), type, parsed.annotations()));
    }
    return out;
  }
}
