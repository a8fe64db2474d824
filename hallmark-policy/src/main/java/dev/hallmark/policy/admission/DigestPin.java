package dev.hallmark.policy.admission;

import dev.hallmark.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One JSONPatch {@code replace} that pins a tag reference to the digest its signature names, e.g.
 * {@code registry.example/dev/nginx:1} becomes {@code registry.example/dev/nginx:1@sha256:…}.
 *
 * <p>The tag is kept: {@code name:tag@digest} is a valid reference (distribution reference grammar),
 * containerd and CRI-O pull by the digest and ignore the tag, and {@code kubectl get pods} still shows
 * which tag was meant.
 *
 * @param pointer the JSON pointer of the {@code image} field
 * @param image the pinned reference
 */
record DigestPin(String pointer, String image) {
  DigestPin {
    Objects.requireNonNull(pointer);
    Objects.requireNonNull(image);
  }

  /**
   * The pins for an allowed verdict: every image without a digest whose decision names one. On UPDATE
   * an image field that is unchanged from {@code oldObject} is left alone: rewriting it would restart a
   * running container or roll out a workload although nobody changed the image.
   */
  static List<DigestPin> of(AdmissionReview review, Verdict verdict) {
    if (!verdict.allowed()) {
      return List.of();
    }
    List<DigestPin> pins = new ArrayList<>();
    for (ContainerImage c : verdict.images()) {
      if (c.byDigest()) {
        continue;
      }
      if (review.operation() == Operation.UPDATE && c.image().equals(review.oldObject().at(c.pointer()).textValue())) {
        continue;
      }
      Decision d = verdict.decisions().get(c.image());
      if (d != null && d.allowed() && d.digest().isPresent()) {
        pins.add(new DigestPin(c.pointer(), c.image() + "@" + d.digest().get()));
      }
    }
    return List.copyOf(pins);
  }
}
