package dev.hallmark.registry.content;

import dev.hallmark.oci.Repository;
import dev.hallmark.registry.ErrorCode;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.store.RegistryStore;
import java.io.IOException;
import java.util.List;

/**
 * Repositories: created explicitly (the admin and account API) or on first push when the
 * configuration allows it.
 *
 * {@snippet :
 * repositories.create(new Repository("dev/nginx"));
 * }
 */
public final class Repositories {
  private final RegistryStore store;
  private final boolean createOnPush;

  public Repositories(RegistryStore store, RegistryConfig config) {
    this.store = store;
    this.createOnPush = config.createOnPush();
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

  /** Makes sure a push may go to {@code repository}. @throws RegistryException {@code NAME_UNKNOWN} */
  public void prepareForPush(Repository repository) throws IOException {
    if (store.repositoryExists(repository)) {
      return;
    }
    if (!createOnPush) {
      throw RegistryException.of(ErrorCode.NAME_UNKNOWN, repository.name());
    }
    store.createRepository(repository);
  }

  /** Makes sure {@code repository} exists for a read. @throws RegistryException {@code NAME_UNKNOWN} */
  public void requireExisting(Repository repository) throws IOException {
    if (!store.repositoryExists(repository)) {
      throw RegistryException.of(ErrorCode.NAME_UNKNOWN, repository.name());
    }
  }
}
