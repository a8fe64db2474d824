package dev.hallmark.policy.admission;

import java.util.Objects;

/**
 * One {@code image} field of a container in the object under admission.
 *
 * @param pointer the JSON pointer (RFC 6901) of the field, e.g. {@code /spec/template/spec/containers/0/image};
 *     the path a JSONPatch replaces
 * @param container the container's {@code name}; empty when it has none
 * @param image the image reference as written, e.g. {@code registry.example/dev/nginx:1}
 */
record ContainerImage(String pointer, String container, String image) {
  ContainerImage {
    Objects.requireNonNull(pointer);
    Objects.requireNonNull(container);
    Objects.requireNonNull(image);
  }

  /** Whether the reference names a digest ({@code name@sha256:…}), so there is nothing to pin. */
  boolean byDigest() {
    return image.indexOf('@') >= 0;
  }

  /** The field as kubectl's field paths write it, e.g. {@code spec.template.spec.containers[0].image}. */
  String fieldPath() {
    return fieldPath(pointer);
  }

  /** A JSON pointer as a field path, e.g. {@code /spec/containers/0} as {@code spec.containers[0]}. */
  static String fieldPath(String pointer) {
    var out = new StringBuilder();
    if (pointer.isEmpty()) {
      return "";
    }
    for (String token : pointer.substring(1).split("/")) {
      if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)) {
        out.append('[').append(token).append(']');
      } else {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(token.replace("~1", "/").replace("~0", "~"));
      }
    }
    return out.toString();
  }
}
