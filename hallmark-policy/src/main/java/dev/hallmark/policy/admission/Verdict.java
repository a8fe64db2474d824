package dev.hallmark.policy.admission;

import dev.hallmark.policy.Decision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The webhook's answer to one admission request, before it is written as an AdmissionReview response.
 *
 * @param allowed whether every image was allowed (or nothing needed checking)
 * @param message a person's summary: on denial the {@code status.message} kubectl prints, listing each
 *     denied image's decision; otherwise what was checked, or why nothing was
 * @param warnings one line per image whose decision is not already in a denial message
 * @param images every container image field that was checked, in document order
 * @param decisions the decision per distinct image, in the order the images first appear; empty when
 *     nothing was checked
 */
record Verdict(boolean allowed, String message, List<String> warnings, List<ContainerImage> images,
    Map<String, Decision> decisions) {
  Verdict {
    Objects.requireNonNull(message);
    warnings = List.copyOf(warnings);
    images = List.copyOf(images);
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
  }

  /** Allowed without asking the policy, with the reason in {@code message}. */
  static Verdict notChecked(String message) {
    return new Verdict(true, message, List.of(), List.of(), Map.of());
  }
}
