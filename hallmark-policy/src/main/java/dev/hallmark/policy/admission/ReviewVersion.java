package dev.hallmark.policy.admission;

import java.util.Optional;

/**
 * The AdmissionReview API versions the webhook speaks. The response must carry the request's
 * apiVersion, or the apiserver rejects it ({@code admissionReviewVersions} in the webhook configuration
 * lists which it may send).
 */
enum ReviewVersion {
  V1("admission.k8s.io/v1"),
  V1BETA1("admission.k8s.io/v1beta1");

  private final String apiVersion;

  ReviewVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  /** The wire value of {@code apiVersion}. */
  String apiVersion() {
    return apiVersion;
  }

  static Optional<ReviewVersion> of(String apiVersion) {
    for (ReviewVersion v : values()) {
      if (v.apiVersion.equals(apiVersion)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
