package dev.hallmark.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the containers are in each kind of object that runs them: a Pod's {@code spec}, the pod
 * template of the workload controllers (Kubernetes API reference, workload resources), and the
 * {@code EphemeralContainers} object older apiservers (1.16–1.21) sent for {@code pods/ephemeralcontainers}.
 */
final class PodTemplates {
  /** The container lists of a PodSpec, in the order they are reported. */
  private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

  private PodTemplates() {
  }

  /**
   * The JSON pointer of the PodSpec in objects of {@code kind}; empty for kinds that run no
   * containers. {@code extensions} and the beta versions are the groups older clusters still send.
   */
  static Optional<String> specPointer(GroupVersionKind kind) {
    String pointer = switch (kind.group()) {
      case "" -> switch (kind.kind()) {
        case "Pod" -> "/spec";
        case "ReplicationController" -> "/spec/template/spec";
        case "EphemeralContainers" -> ""; // the object itself holds ephemeralContainers
        default -> null;
      };
      case "apps", "extensions" -> switch (kind.kind()) {
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" -> "/spec/template/spec";
        default -> null;
      };
      case "batch" -> switch (kind.kind()) {
        case "Job" -> "/spec/template/spec";
        case "CronJob" -> "/spec/jobTemplate/spec/template/spec";
        default -> null;
      };
      default -> null;
    };
    return Optional.ofNullable(pointer);
  }

  /**
   * Every container image of the PodSpec at {@code specPointer} in {@code object}, init containers
   * first. Containers without an image (allowed in pod templates, which controllers may fill in) are
   * skipped: there is nothing to run yet.
   *
   * @throws AdmissionException INVALID_REVIEW when a container list or an image has the wrong JSON type
   */
  static List<ContainerImage> images(JsonNode object, String specPointer) {
    JsonNode spec = specPointer.isEmpty() ? object : object.at(specPointer);
    if (spec.isMissingNode() || spec.isNull()) {
      return List.of();
    }
    if (!spec.isObject()) {
      throw invalid(specPointer, "is not an object");
    }
    List<ContainerImage> out = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      JsonNode containers = spec.path(list);
      String listPointer = specPointer + "/" + list;
      if (containers.isMissingNode() || containers.isNull()) {
        continue;
      }
      if (!containers.isArray()) {
        throw invalid(listPointer, "is not an array");
      }
      for (int i = 0; i < containers.size(); i++) {
        JsonNode container = containers.get(i);
        String pointer = listPointer + "/" + i + "/image";
        if (!container.isObject()) {
          throw invalid(listPointer + "/" + i, "is not an object");
        }
        JsonNode image = container.path("image");
        if (image.isMissingNode() || image.isNull() || (image.isTextual() && image.textValue().isEmpty())) {
          continue;
        }
        if (!image.isTextual()) {
          throw invalid(pointer, "is not a string");
        }
        JsonNode name = container.path("name");
        out.add(new ContainerImage(pointer, name.isTextual() ? name.textValue() : "", image.textValue()));
      }
    }
    return List.copyOf(out);
  }

  private static AdmissionException invalid(String pointer, String problem) {
    String field = pointer.isEmpty() ? "request.object" : "request.object." + ContainerImage.fieldPath(pointer);
    return new AdmissionException(ErrorCode.INVALID_REVIEW, field + " " + problem);
  }
}
