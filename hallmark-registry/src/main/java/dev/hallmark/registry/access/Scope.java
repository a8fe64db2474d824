package dev.hallmark.registry.access;

import dev.hallmark.oci.Repository;
import java.util.Objects;
import java.util.Optional;

/**
 * The access one request needs, as a Docker token scope: {@code repository:<name>:<action>},
 * {@code registry:catalog:*}, or {@link #base()} (the {@code /v2/} ping: authenticated, nothing more).
 */
public sealed interface Scope {
  /** The scope string of the token auth spec; empty for the base scope. */
  String wire();

  /** An action on one repository. */
  record OnRepository(Repository repository, Action action) implements Scope {
    public OnRepository {
      Objects.requireNonNull(repository);
      Objects.requireNonNull(action);
    }

    @Override
    public String wire() {
      return "repository:" + repository.name() + ":" + action.wireName();
    }
  }

  /** Listing every repository ({@code GET /v2/_catalog}). */
  record Catalog() implements Scope {
    @Override
    public String wire() {
      return "registry:catalog:*";
    }
  }

  /** Access to the API at all ({@code GET /v2/}). */
  record Base() implements Scope {
    @Override
    public String wire() {
      return "";
    }
  }

  static Scope repository(Repository repository, Action action) {
    return new OnRepository(repository, action);
  }

  static Scope catalog() {
    return new Catalog();
  }

  static Scope base() {
    return new Base();
  }

  /** The repository of a repository scope. */
  default Optional<Repository> repositoryIfAny() {
    return this instanceof OnRepository r ? Optional.of(r.repository()) : Optional.empty();
  }
}
