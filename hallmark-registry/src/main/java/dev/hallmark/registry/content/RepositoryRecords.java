package dev.hallmark.registry.content;

import dev.hallmark.oci.Repository;
import java.util.Objects;
import java.util.Optional;

/**
 * The repositories declared outside the registry's own tables, and what was declared about them. In
 * Hallmark these are the account records ({@code hallmark admin repos create}); the composition root
 * adapts them, so the registry never depends on the accounts module. The registry asks when a push
 * needs a repository it does not hold yet (with create-on-push off, only a declared repository may be
 * created) and before a tag is moved or removed (a declared repository may have immutable tags).
 */
@FunctionalInterface
public interface RepositoryRecords {
  /** Nothing is declared: every repository has mutable tags (no accounts, {@code --auth none}). */
  RepositoryRecords NONE = repository -> Optional.empty();

  /** Whether tags may move to another manifest or be removed. */
  enum TagPolicy { MUTABLE, IMMUTABLE }

  /** What was declared about one repository. */
  record Declared(TagPolicy tags) {
    public Declared {
      Objects.requireNonNull(tags);
    }
  }

  /** The declaration of {@code repository}; empty when nobody declared it. */
  Optional<Declared> find(Repository repository);
}
