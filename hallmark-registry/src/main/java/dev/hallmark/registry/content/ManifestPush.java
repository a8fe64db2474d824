package dev.hallmark.registry.content;

import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ImageIndex;
import dev.hallmark.oci.ImageManifest;
import dev.hallmark.oci.Manifest;
import dev.hallmark.oci.ManifestReference;
import dev.hallmark.oci.Manifests;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.OciFormatException;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import dev.hallmark.registry.ErrorCode;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.content.RepositoryRecords.TagPolicy;
import dev.hallmark.registry.store.RegistryStore;
import dev.hallmark.registry.store.RegistryStore.TagMove;
import dev.hallmark.registry.store.StoredManifest;
import java.io.IOException;
import java.util.Optional;

/**
 * Accepting a manifest (distribution spec "Pushing Manifests"): it parses as a supported type, its
 * digest matches when pushed by digest, and the repository holds every blob (and, for an index,
 * every manifest) it references; the subject need not exist (OCI 1.1).
 */
public final class ManifestPush {
  private final RegistryStore store;
  private final Repositories repositories;

  public ManifestPush(RegistryStore store, Repositories repositories) {
    this.store = store;
    this.repositories = repositories;
  }

  /** What a push stored. */
  public record Pushed(Digest digest, Optional<Digest> subject) {}

  /**
   * Validates and stores a manifest under {@code reference}.
   *
   * <p>In a repository with immutable tags, a push by tag onto a tag that points at another manifest
   * is refused with {@code TAG_INVALID} (400), naming the tag and its digest, as Amazon ECR refuses it
   * (see {@link ErrorCode#TAG_INVALID}); pushing the digest the tag already has succeeds, so a retried
   * push is idempotent (ECR refuses even that), and pushes by digest move no tag.
   *
   * @param contentType the upload's {@code Content-Type}, empty when absent
   * @throws RegistryException {@code MANIFEST_INVALID}, {@code DIGEST_INVALID},
   *     {@code MANIFEST_BLOB_UNKNOWN}, {@code NAME_UNKNOWN}, {@code TAG_INVALID}
   */
  public Pushed push(Repository repository, ManifestReference reference, byte[] content, Optional<MediaType> contentType)
      throws IOException {
    Manifest manifest;
    try {
      manifest = Manifests.parse(content, contentType);
    } catch (OciFormatException e) {
      throw RegistryException.of(ErrorCode.MANIFEST_INVALID, ErrorCode.MANIFEST_INVALID.message(), e.getMessage());
    }
    Digest digest = switch (reference) {
      case Digest d -> {
        Digest actual = d.recompute(content);
        if (!actual.equals(d)) {
          throw RegistryException.of(ErrorCode.DIGEST_INVALID, "manifest digest " + d + " does not match content " + actual);
        }
        yield d;
      }
      case Tag t -> Digest.sha256(content);
    };
    repositories.prepareForPush(repository);
    switch (manifest) {
      case ImageManifest m -> {
        for (Descriptor d : m.requiredContent()) {
          if (store.linkedBlob(repository, d.digest()).isEmpty()) {
            throw RegistryException.of(ErrorCode.MANIFEST_BLOB_UNKNOWN, d.digest().toString());
          }
        }
      }
      case ImageIndex i -> {
        for (Descriptor d : i.manifests()) {
          if (store.manifest(repository, d.digest()).isEmpty()) {
            throw RegistryException.of(ErrorCode.MANIFEST_BLOB_UNKNOWN, ErrorCode.MANIFEST_UNKNOWN.message(), d.digest().toString());
          }
        }
      }
    }
    Optional<Tag> tag = reference instanceof Tag t ? Optional.of(t) : Optional.empty();
    TagMove move = tag.isPresent() && repositories.tagPolicy(repository) == TagPolicy.IMMUTABLE
        ? TagMove.REFUSED : TagMove.ALLOWED;
    Optional<Digest> kept = store.putManifest(repository, new StoredManifest(digest, manifest.mediaType(), content),
        manifest, tag, move);
    if (kept.isPresent()) {
      throw RegistryException.of(ErrorCode.TAG_INVALID, "tag " + tag.orElseThrow().value() + " already exists in "
          + repository.name() + " as " + kept.get() + " and cannot be overwritten because the repository has"
          + " immutable tags", "immutable tags");
    }
    return new Pushed(digest, manifest.subject().map(Descriptor::digest));
  }

  /** The manifest a tag or digest names. @throws RegistryException {@code MANIFEST_UNKNOWN} */
  public StoredManifest resolve(Repository repository, ManifestReference reference) throws IOException {
    Optional<Digest> digest = switch (reference) {
      case Digest d -> Optional.of(d);
      case Tag t -> store.tag(repository, t);
    };
    return digest.flatMap(d -> {
      try {
        return store.manifest(repository, d);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).orElseThrow(() -> RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, reference.toString()));
  }
}
