package dev.hallmark.registry.content;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ManifestReference;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import dev.hallmark.registry.ErrorCode;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.content.RepositoryRecords.Declared;
import dev.hallmark.registry.content.RepositoryRecords.TagPolicy;
import dev.hallmark.registry.store.RegistryStore;
import java.io.IOException;
import java.util.List;

/**
 * Repositories: created explicitly (the admin and account API), on first push when the configuration
 * allows it, or on first push when {@link RepositoryRecords} declares them; with their tag policy.
 *
 * {@snippet :
 * repositories.create(new Repository("dev/nginx"));
 * }
 */
public final class Repositories {
  private final RegistryStore store;
  private final boolean createOnPush;
  private final RepositoryRecords records;

  /** Repositories nobody declares outside the registry. */
  public Repositories(RegistryStore store, RegistryConfig config) {
    this(store, config, RepositoryRecords.NONE);
  }

  /** Repositories, some of them declared in {@code records} (account records). */
  public Repositories(RegistryStore store, RegistryConfig config, RepositoryRecords records) {
    this.store = store;
    this.createOnPush = config.createOnPush();
    this.records = records;
  }

  /** Creates a repository; false when it already existed. */
  public boolean create(Repository repository) throws IOException {
    return store.createRepository(repository);
  }

  public boolean exists(Repository repository) throws IOException {
    return store.repositoryExists(repository);
  }

  /** Repository names after {@code last}, sorted, at most {@code limit}. */
  public List<Repository> list(String last, int limit) throws IOException {
    return store.repositories(last, limit);
  }

  /**
   * Makes sure a push may go to {@code repository}: it exists, or create-on-push is on, or it is
   * declared in the records (then the registry's own record is made now, so the records are read
   * once per repository, not on every push).
   *
   * @throws RegistryException {@code NAME_UNKNOWN}
   */
  public void prepareForPush(Repository repository) throws IOException {
    if (store.repositoryExists(repository)) {
      return;
    }
    if (!createOnPush && records.find(repository).isEmpty()) {
      throw RegistryException.of(ErrorCode.NAME_UNKNOWN, ErrorCode.NAME_UNKNOWN.message(),
          repository.name() + " does not exist and this registry does not create repositories on push");
    }
    store.createRepository(repository);
  }

  /** Makes sure {@code repository} exists for a read. @throws RegistryException {@code NAME_UNKNOWN} */
  public void requireExisting(Repository repository) throws IOException {
    if (!store.repositoryExists(repository)) {
      throw RegistryException.of(ErrorCode.NAME_UNKNOWN, repository.name());
    }
  }

  /** Whether tags of {@code repository} may move or be removed; mutable unless declared immutable. */
  public TagPolicy tagPolicy(Repository repository) {
    return records.find(repository).map(Declared::tags).orElse(TagPolicy.MUTABLE);
  }

  /**
   * Refuses a delete that would remove a tag from a repository with immutable tags: the tag itself,
   * or a manifest some tag points at (deleting it deletes its tags). A manifest no tag points at may
   * go. {@code DENIED} (403) rather than {@code TAG_INVALID}: nothing is wrong with the request, the
   * repository's owner forbids the operation; Harbor likewise refuses deleting an immutable tag.
   *
   * @throws RegistryException {@code DENIED}, naming the tags and their digest
   */
  public void requireTagsRemovable(Repository repository, ManifestReference reference) throws IOException {
    if (tagPolicy(repository) == TagPolicy.MUTABLE) {
      return;
    }
    switch (reference) {
      case Tag t -> {
        var current = store.tag(repository, t);
        if (current.isPresent()) {
          throw immutable(repository, List.of(t), current.get());
        }
      }
      case Digest d -> {
        List<Tag> tags = store.tagsOf(repository, d);
        if (!tags.isEmpty()) {
          throw immutable(repository, tags, d);
        }
      }
    }
  }

  private static RegistryException immutable(Repository repository, List<Tag> tags, Digest digest) {
    String names = String.join(", ", tags.stream().map(Tag::value).toList());
    return RegistryException.of(ErrorCode.DENIED, "repository " + repository.name() + " has immutable tags: "
        + (tags.size() == 1 ? "tag " : "tags ") + names + " of " + digest + " cannot be deleted",
        "immutable tags");
  }
}
