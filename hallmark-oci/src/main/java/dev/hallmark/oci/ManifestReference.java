package dev.hallmark.oci;

/** What {@code /v2/<name>/manifests/<reference>} names: a {@link Tag} or a {@link Digest}. */
public sealed interface ManifestReference permits Tag, Digest {
  /**
   * Parses the reference of a manifest URL: a digest when it contains {@code ':'}, else a tag.
   *
   * @throws OciFormatException when neither a valid tag nor a valid digest
   */
  static ManifestReference parse(String text) {
    return text.indexOf(':') >= 0 ? Digest.parse(text) : new Tag(text);
  }
}
