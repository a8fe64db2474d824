package dev.hallmark.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The parts of an AdmissionReview request the webhook uses (admission.k8s.io/v1 AdmissionRequest).
 *
 * @param version the apiVersion the request used, and so the response must use
 * @param uid {@code request.uid}, echoed in {@code response.uid}
 * @param kind {@code request.kind}, the type {@code object} has
 * @param resource {@code request.resource.resource}, e.g. {@code pods}; empty when absent
 * @param subResource {@code request.subResource}, e.g. {@code ephemeralcontainers}; empty for the main resource
 * @param operation {@code request.operation}
 * @param object {@code request.object}; a missing node for DELETE and CONNECT
 * @param oldObject {@code request.oldObject} on UPDATE; a missing node otherwise
 * @param dryRun {@code request.dryRun}
 * @param namespace {@code request.namespace}; empty for cluster-scoped objects
 * @param name {@code request.name}; empty on CREATE with {@code generateName}
 */
record AdmissionReview(ReviewVersion version, String uid, GroupVersionKind kind, String resource, String subResource,
    Operation operation, JsonNode object, JsonNode oldObject, boolean dryRun, String namespace, String name) {
  AdmissionReview {
    Objects.requireNonNull(version);
    Objects.requireNonNull(uid);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(resource);
    Objects.requireNonNull(subResource);
    Objects.requireNonNull(operation);
    Objects.requireNonNull(object);
    Objects.requireNonNull(oldObject);
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(name);
  }

  /** The resource as RBAC writes it, e.g. {@code pods/ephemeralcontainers}. */
  String resourcePath() {
    return subResource.isEmpty() ? resource : resource + "/" + subResource;
  }
}
