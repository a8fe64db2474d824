package dev.hallmark.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.ImagePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides one admission request: finds the containers of the object, asks the {@link ImagePolicy}
 * once per distinct image, and allows the request only when every image is allowed.
 */
final class Admission {
  /** The only subresource whose object can add a container: {@code kubectl debug}. */
  static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";

  private final ImagePolicy policy;

  Admission(ImagePolicy policy) {
    this.policy = Objects.requireNonNull(policy);
  }

  /**
   * The verdict on {@code review}. DELETE and CONNECT, subresources other than
   * {@code ephemeralcontainers} (status, scale, binding: none can change an image), kinds that run no
   * containers, and updates of objects already being deleted (finalizer removal must not be blocked)
   * are allowed without asking the policy.
   *
   * @throws AdmissionException INVALID_REVIEW when the object's containers are malformed
   */
  Verdict decide(AdmissionReview review) {
    if (!review.operation().evaluated()) {
      return Verdict.notChecked("hallmark: nothing checked: " + review.operation() + " starts no containers");
    }
    if (!review.subResource().isEmpty() && !review.subResource().equals(EPHEMERAL_CONTAINERS)) {
      return Verdict.notChecked("hallmark: nothing checked: subresource " + review.resourcePath()
          + " cannot change an image");
    }
    Optional<String> spec = PodTemplates.specPointer(review.kind());
    if (spec.isEmpty()) {
      return Verdict.notChecked("hallmark: nothing checked: " + review.kind() + " has no pod template");
    }
    if (!review.object().isObject()) {
      throw new AdmissionException(ErrorCode.INVALID_REVIEW,
          "request.object is required for " + review.operation() + " of " + review.kind());
    }
    if (review.operation() == Operation.UPDATE && beingDeleted(review.object())) {
      return Verdict.notChecked("hallmark: nothing checked: the " + review.kind().kind() + " is being deleted");
    }
    List<ContainerImage> images = PodTemplates.images(review.object(), spec.get());
    if (images.isEmpty()) {
      return new Verdict(true, "hallmark: no container images to check", List.of(), images, Map.of());
    }
    Map<String, Decision> decisions = new LinkedHashMap<>();
    for (ContainerImage image : images) {
      decisions.computeIfAbsent(image.image(), policy::check);
    }
    List<String> denied = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    for (Decision d : decisions.values()) {
      // which trust data the decision used, so a stale answer can be told from a wrong one
      String used = d.trustData().isEmpty() ? "" : " [trust data: " + d.trustData() + "]";
      (d.allowed() ? allowed : denied).add(oneLine(d.message() + used));
    }
    int total = decisions.size();
    String noun = total == 1 ? " image" : " images";
    if (!denied.isEmpty()) {
      // kubectl prints this after 'admission webhook "…" denied the request: '
      String message = "hallmark: " + denied.size() + " of " + total + noun + " denied: " + String.join("\n", denied);
      return new Verdict(false, message, allowed, images, decisions);
    }
    String message = "hallmark: " + total + noun + " allowed: " + String.join("\n", allowed);
    return new Verdict(true, message, allowed, images, decisions);
  }

  private static boolean beingDeleted(JsonNode object) {
    JsonNode t = object.path("metadata").path("deletionTimestamp");
    return t.isTextual() && !t.textValue().isEmpty();
  }

  /** A decision message as one printable line: it goes into HTTP Warning headers and kubectl output. */
  static String oneLine(String message) {
    var out = new StringBuilder(message.length());
    message.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return out.toString().strip();
  }
}
