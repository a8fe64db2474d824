package dev.hallmark.policy.admission;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The AdmissionReview wire format (k8s.io/api admission/v1 and v1beta1 types.go): reads a request,
 * writes a response in the same apiVersion, and writes the JSON error bodies of refused calls.
 */
final class ReviewCodec {
  static final String KIND = "AdmissionReview";

  private final JsonMapper mapper = JsonMapper.builder()
      // the apiserver encodes the object itself, so a duplicate key means another producer; refuse it
      // rather than guess which "image" a container runs
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * Reads an AdmissionReview request.
   *
   * @throws AdmissionException MALFORMED_JSON when the body is not JSON, INVALID_REVIEW when it is not
   *     an AdmissionReview request of a known apiVersion with a uid, kind and operation
   */
  AdmissionReview decode(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new AdmissionException(ErrorCode.MALFORMED_JSON, "request body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new AdmissionException(ErrorCode.MALFORMED_JSON, "request body is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw invalid("the body is not a JSON object");
    }
    String apiVersion = text(root, "apiVersion", "apiVersion");
    ReviewVersion version = ReviewVersion.of(apiVersion).orElseThrow(() -> invalid("unsupported apiVersion \""
        + apiVersion + "\", expected " + ReviewVersion.V1.apiVersion() + " or " + ReviewVersion.V1BETA1.apiVersion()));
    String kind = text(root, "kind", "kind");
    if (!kind.equals(KIND)) {
      throw invalid("kind is \"" + kind + "\", expected " + KIND);
    }
    JsonNode request = root.path("request");
    if (!request.isObject()) {
      throw invalid("request is missing");
    }
    String uid = text(request, "uid", "request.uid");
    if (uid.isEmpty()) {
      throw invalid("request.uid is empty");
    }
    JsonNode gvk = request.path("kind");
    if (!gvk.isObject()) {
      throw invalid("request.kind is missing");
    }
    var objectKind = new GroupVersionKind(optionalText(gvk, "group", "request.kind.group"),
        optionalText(gvk, "version", "request.kind.version"), text(gvk, "kind", "request.kind.kind"));
    String operationText = text(request, "operation", "request.operation");
    Operation operation;
    try {
      operation = Operation.valueOf(operationText);
    } catch (IllegalArgumentException e) {
      throw invalid("request.operation \"" + operationText + "\" is not CREATE, UPDATE, DELETE or CONNECT");
    }
    JsonNode dryRun = request.path("dryRun");
    if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
      throw invalid("request.dryRun is not a boolean");
    }
    return new AdmissionReview(version, uid, objectKind,
        optionalText(request.path("resource"), "resource", "request.resource.resource"),
        optionalText(request, "subResource", "request.subResource"),
        operation, present(request.path("object")), present(request.path("oldObject")), dryRun.asBoolean(false),
        optionalText(request, "namespace", "request.namespace"), optionalText(request, "name", "request.name"));
  }

  /**
   * The AdmissionReview response to {@code review}: {@code uid}, {@code allowed}, a {@code status}
   * (403 Forbidden with the denial message, or 200 with the summary), the per-image {@code warnings},
   * and, when {@code pins} is not empty, a base64 JSONPatch.
   */
  byte[] encode(AdmissionReview review, Verdict verdict, List<DigestPin> pins) {
    ObjectNode root = mapper.createObjectNode();
    root.put("apiVersion", review.version().apiVersion());
    root.put("kind", KIND);
    ObjectNode response = root.putObject("response");
    response.put("uid", review.uid());
    response.put("allowed", verdict.allowed());
    ObjectNode status = response.putObject("status");
    if (verdict.allowed()) {
      // the apiserver ignores status when allowed; it is there for whoever logs the response
      status.put("status", "Success");
      status.put("code", 200);
    } else {
      status.put("status", "Failure");
      status.put("code", 403);
      status.put("reason", "Forbidden");
    }
    status.put("message", verdict.message());
    if (!verdict.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      verdict.warnings().forEach(warnings::add);
    }
    if (!pins.isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(patch(pins)));
    }
    return write(root);
  }

  /** The RFC 6902 document of {@code pins}: one {@code replace} each. */
  byte[] patch(List<DigestPin> pins) {
    ArrayNode ops = mapper.createArrayNode();
    for (DigestPin pin : pins) {
      ops.addObject().put("op", "replace").put("path", pin.pointer()).put("value", pin.image());
    }
    return write(ops);
  }

  /** The body of a refused call, in the shape of hallmark's other APIs: {@code {"errors":[{code,message}]}}. */
  byte[] error(ErrorCode code, String message) {
    ObjectNode root = mapper.createObjectNode();
    root.putArray("errors").addObject().put("code", code.name()).put("message", message);
    return write(root);
  }

  private byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  private static JsonNode present(JsonNode node) {
    return node.isNull() ? MissingNode.getInstance() : node;
  }

  private static String text(JsonNode parent, String field, String path) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      throw invalid(path + " is missing");
    }
    if (!node.isTextual()) {
      throw invalid(path + " is not a string");
    }
    return node.textValue();
  }

  private static String optionalText(JsonNode parent, String field, String path) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw invalid(path + " is not a string");
    }
    return node.textValue();
  }

  private static AdmissionException invalid(String problem) {
    return new AdmissionException(ErrorCode.INVALID_REVIEW, "not an AdmissionReview request: " + problem);
  }

  /** Whether a Content-Type names JSON, parameters such as {@code charset} aside. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json");
  }
}
