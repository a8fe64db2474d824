package dev.hallmark.registry.store;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Manifest;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Repositories, blob links, manifests and tags. Every method is one transaction. */
public interface RegistryStore {
  /** Creates a repository if absent; true when it was created now. */
  boolean createRepository(Repository repository) throws IOException;

  boolean repositoryExists(Repository repository) throws IOException;

  /** Repository names after {@code last} (exclusive; empty = from the start), sorted, at most {@code limit}. */
  List<Repository> repositories(String last, int limit) throws IOException;

  /** Records that {@code repository} holds the blob (after an upload or a mount). */
  void linkBlob(Repository repository, Digest digest, long size) throws IOException;

  /** The size of a blob the repository holds; empty when it holds none with this digest. */
  OptionalLong linkedBlob(Repository repository, Digest digest) throws IOException;

  /** Forgets that the repository holds the blob; false when it did not. */
  boolean unlinkBlob(Repository repository, Digest digest) throws IOException;

  /** Whether storing a manifest under a tag may move the tag away from another manifest. */
  enum TagMove { ALLOWED, REFUSED }

  /**
   * Stores a manifest (no-op when already stored) with what it references and, when given, points
   * {@code tag} at it; one transaction. With {@link TagMove#REFUSED}, a tag that points at another
   * manifest is left alone and nothing is stored; the check and the write are in the same transaction,
   * so two pushes racing for a new tag cannot both win.
   *
   * @return the other manifest the tag points at when the move was refused; empty when stored
   */
  Optional<Digest> putManifest(Repository repository, StoredManifest stored, Manifest parsed, Optional<Tag> tag,
      TagMove move) throws IOException;

  Optional<StoredManifest> manifest(Repository repository, Digest digest) throws IOException;

  /** The manifest a tag points at. */
  Optional<Digest> tag(Repository repository, Tag tag) throws IOException;

  /** The indexes in the repository that list the manifest as one of theirs, sorted. */
  List<Digest> parents(Repository repository, Digest child) throws IOException;

  /** The tags pointing at a manifest, sorted. */
  List<Tag> tagsOf(Repository repository, Digest digest) throws IOException;

  /** Tags after {@code last} (exclusive), sorted, at most {@code limit}. */
  List<Tag> tags(Repository repository, String last, int limit) throws IOException;

  /** Deletes a manifest and every tag pointing at it; false when absent. */
  boolean deleteManifest(Repository repository, Digest digest) throws IOException;

  /** Deletes one tag (the manifest stays); false when absent. */
  boolean deleteTag(Repository repository, Tag tag) throws IOException;

  /** Manifests whose {@code subject} is {@code subject}, oldest first. */
  List<StoredManifest> referrers(Repository repository, Digest subject) throws IOException;

  /** Every blob digest some manifest references (the garbage collector's mark set). */
  Set<Digest> referencedBlobs() throws IOException;

  /** Removes every repository's link to a blob that is gone from the blob store. */
  void unlinkEverywhere(Digest digest) throws IOException;

  /** A manifest row for reachability: where it is, its subject (if any) and the manifests it lists. */
  record ManifestNode(Repository repository, Digest digest, Optional<Digest> subject, List<Digest> children) {}

  /** Every manifest with its subject and children (for collecting untagged manifests). */
  List<ManifestNode> manifestGraph() throws IOException;

  /** A tag and the manifest it points at. */
  record Tagged(Repository repository, Tag tag, Digest digest) {}

  /** Every tag of every repository. */
  List<Tagged> allTags() throws IOException;
}
