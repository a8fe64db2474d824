package dev.hallmark.registry.blob;

import dev.hallmark.oci.Repository;
import java.util.Objects;
import java.util.UUID;

/** The state of an upload session: which repository it pushes to and how many bytes it holds. */
public record Upload(UUID id, Repository repository, long offset) {
  public Upload {
    Objects.requireNonNull(id);
    Objects.requireNonNull(repository);
  }
}
