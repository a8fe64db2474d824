package dev.hallmark.oci;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A full image reference, {@code [registry/]repository[:tag][@digest]} as docker writes it
 * (distribution reference grammar). The registry is the first component when it contains a
 * {@code .} or {@code :} or is {@code localhost}.
 */
public final class Reference {
  private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

  private final String registry;
  private final Repository repository;
  private final Tag tag;
  private final Digest digest;

  private Reference(String registry, Repository repository, Tag tag, Digest digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /** Parses a reference. @throws OciFormatException when malformed */
  public static Reference parse(String text) {
    Objects.requireNonNull(text);
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Tag tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = new Tag(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    String registry = "";
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        if (!HOST.matcher(head).matches()) {
          throw new OciFormatException("invalid registry host: " + Digest.truncate(head));
        }
        registry = head;
        rest = rest.substring(first + 1);
      }
    }
    return new Reference(registry, new Repository(rest), tag, digest);
  }

  /** The registry host (and port), empty when the reference names none. */
  public Optional<String> registry() {
    return registry.isEmpty() ? Optional.empty() : Optional.of(registry);
  }

  public Repository repository() {
    return repository;
  }

  public Optional<Tag> tag() {
    return Optional.ofNullable(tag);
  }

  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reference r && r.registry.equals(registry) && r.repository.equals(repository)
        && Objects.equals(r.tag, tag) && Objects.equals(r.digest, digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registry, repository, tag, digest);
  }

  @Override
  public String toString() {
    return (registry.isEmpty() ? "" : registry + "/") + repository + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
