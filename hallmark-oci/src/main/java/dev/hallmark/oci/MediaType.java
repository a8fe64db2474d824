package dev.hallmark.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A media type as RFC 6838 spells it, without parameters, e.g. {@code application/vnd.oci.image.manifest.v1+json}. */
public record MediaType(String value) {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
  public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
  public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
  public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");
  public static final MediaType DOCKER_MANIFEST = new MediaType("application/vnd.docker.distribution.manifest.v2+json");
  public static final MediaType DOCKER_MANIFEST_LIST = new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
  public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");

  public MediaType {
    Objects.requireNonNull(value);
    if (!TYPE.matcher(value).matches()) {
      throw new OciFormatException("invalid media type: " + Digest.truncate(value));
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  /** The media type of a {@code Content-Type} or {@code Accept} element, parameters dropped. */
  public static MediaType parse(String headerValue) {
    int semi = headerValue.indexOf(';');
    return new MediaType((semi >= 0 ? headerValue.substring(0, semi) : headerValue).strip());
  }

  /** Whether this is one of the manifest media types a registry stores as manifests. */
  public boolean isManifest() {
    return equals(OCI_MANIFEST) || equals(OCI_INDEX) || equals(DOCKER_MANIFEST) || equals(DOCKER_MANIFEST_LIST);
  }

  /** Whether this is an index media type (OCI index, Docker manifest list). */
  public boolean isIndex() {
    return equals(OCI_INDEX) || equals(DOCKER_MANIFEST_LIST);
  }

  @Override
  public String toString() {
    return value;
  }
}
