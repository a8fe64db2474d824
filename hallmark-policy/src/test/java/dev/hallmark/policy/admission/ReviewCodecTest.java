package dev.hallmark.policy.admission;

import static dev.hallmark.policy.admission.Fixtures.bytes;
import static dev.hallmark.policy.admission.Fixtures.read;
import static dev.hallmark.policy.admission.Fixtures.tree;
import static dev.hallmark.policy.admission.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReviewCodecTest {
  private final ReviewCodec codec = new ReviewCodec();

  @Test
  void readsThePodCreateRequest() {
    AdmissionReview r = codec.decode(bytes("pod-create.json"));
    assertThat(r.version()).isEqualTo(ReviewVersion.V1);
    assertThat(r.uid()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(r.kind()).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
    assertThat(r.resourcePath()).isEqualTo("pods");
    assertThat(r.operation()).isEqualTo(Operation.CREATE);
    assertThat(r.namespace()).isEqualTo("shop");
    assertThat(r.name()).isEqualTo("web");
    assertThat(r.dryRun()).isFalse();
    assertThat(r.object().path("spec").path("containers").size()).isEqualTo(3);
    assertThat(r.oldObject().isMissingNode()).isTrue(); // "oldObject": null
  }

  @Test
  void readsV1beta1() {
    AdmissionReview r = codec.decode(bytes("deployment-create-v1beta1.json"));
    assertThat(r.version()).isEqualTo(ReviewVersion.V1BETA1);
    assertThat(r.kind()).hasToString("apps/v1 Deployment");
  }

  @Test
  void readsSubresourceDryRunAndDelete() {
    assertThat(codec.decode(bytes("pod-ephemeralcontainers.json")).resourcePath()).isEqualTo("pods/ephemeralcontainers");
    assertThat(codec.decode(bytes("cronjob-create-dryrun.json")).dryRun()).isTrue();
    AdmissionReview delete = codec.decode(bytes("pod-delete.json"));
    assertThat(delete.operation()).isEqualTo(Operation.DELETE);
    assertThat(delete.object().isMissingNode()).isTrue();
    assertThat(delete.oldObject().isObject()).isTrue();
  }

  @Test
  void readsFloatsNullsAndBigNumbersInObjects() {
    AdmissionReview r = codec.decode(bytes("custom-resource-create.json"));
    assertThat(r.object().at("/spec/analysis/metrics/2/thresholdRange/max").doubleValue()).isEqualTo(1.25e-3);
    ObjectNode doc = tree("custom-resource-create.json");
    ((ObjectNode) doc.at("/request/object/spec")).put("big", new java.math.BigInteger("123456789012345678901234567890"));
    assertThat(codec.decode(write(doc)).object().at("/spec/big").isBigInteger()).isTrue();
  }

  @Test
  void refusesWhatIsNotJson() {
    assertRefused("{\"apiVersion\": ".getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_JSON, "not valid JSON");
    assertRefused(new byte[0], ErrorCode.INVALID_REVIEW, "not a JSON object");
    byte[] trailing = (new String(bytes("pod-create.json"), StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
    assertRefused(trailing, ErrorCode.MALFORMED_JSON, "not valid JSON");
    assertRefused(new byte[] {(byte) 0xff, (byte) 0xfe, 0}, ErrorCode.MALFORMED_JSON, "not valid JSON");
  }

  @Test
  void refusesDuplicateKeys() {
    String dup = new String(bytes("pod-create.json"), StandardCharsets.UTF_8)
        .replace("\"name\": \"worker\",", "\"name\": \"worker\", \"image\": \"registry.example/dev/nginx:1\",");
    assertRefused(dup.getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_JSON, "Duplicate field 'image'");
  }

  @Test
  void refusesWhatIsNotAnAdmissionReviewRequest() {
    assertRefused("[]".getBytes(StandardCharsets.UTF_8), ErrorCode.INVALID_REVIEW, "not a JSON object");
    assertEdited(d -> ((ObjectNode) d.get("request")).remove("uid"), "request.uid is missing");
    assertEdited(d -> ((ObjectNode) d.get("request")).put("uid", ""), "request.uid is empty");
    assertEdited(d -> ((ObjectNode) d.get("request")).put("uid", 42), "request.uid is not a string");
    assertEdited(d -> d.remove("request"), "request is missing");
    assertEdited(d -> d.putNull("request"), "request is missing");
    assertEdited(d -> d.put("kind", "AdmissionResponse"), "kind is \"AdmissionResponse\", expected AdmissionReview");
    assertEdited(d -> d.remove("apiVersion"), "apiVersion is missing");
    assertEdited(d -> d.put("apiVersion", "admission.k8s.io/v2"), "unsupported apiVersion \"admission.k8s.io/v2\"");
    assertEdited(d -> ((ObjectNode) d.get("request")).remove("kind"), "request.kind is missing");
    assertEdited(d -> ((ObjectNode) d.at("/request/kind")).remove("kind"), "request.kind.kind is missing");
    assertEdited(d -> ((ObjectNode) d.get("request")).put("operation", "PATCH"), "request.operation \"PATCH\"");
    assertEdited(d -> ((ObjectNode) d.get("request")).remove("operation"), "request.operation is missing");
    assertEdited(d -> ((ObjectNode) d.get("request")).put("dryRun", "yes"), "request.dryRun is not a boolean");
  }

  @Test
  void answersAllowedInTheRequestsApiVersion() {
    AdmissionReview r = codec.decode(bytes("deployment-create-v1beta1.json"));
    var verdict = new Verdict(true, "hallmark: 1 image allowed: allowed: x", List.of("allowed: x"), List.of(), Map.of());
    JsonNode out = read(codec.encode(r, verdict, List.of()));
    assertThat(out.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1beta1");
    assertThat(out.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(out.has("request")).isFalse();
    JsonNode response = out.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("3c9b6a0e-8d7f-4a5b-9c1d-2e3f4a5b6c7d");
    assertThat(response.path("allowed").isBoolean()).isTrue();
    assertThat(response.path("allowed").booleanValue()).isTrue();
    assertThat(response.path("status").path("code").intValue()).isEqualTo(200);
    assertThat(response.path("warnings").get(0).asText()).isEqualTo("allowed: x");
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  @Test
  void answersDeniedWithForbiddenStatus() {
    AdmissionReview r = codec.decode(bytes("pod-create.json"));
    var verdict = new Verdict(false, "hallmark: 1 of 1 image denied: denied: y", List.of(), List.of(), Map.of());
    JsonNode response = read(codec.encode(r, verdict, List.of())).path("response");
    assertThat(response.path("allowed").booleanValue()).isFalse();
    assertThat(response.path("status").path("code").intValue()).isEqualTo(403);
    assertThat(response.path("status").path("reason").asText()).isEqualTo("Forbidden");
    assertThat(response.path("status").path("status").asText()).isEqualTo("Failure");
    assertThat(response.path("status").path("message").asText()).isEqualTo("hallmark: 1 of 1 image denied: denied: y");
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void writesThePatchAsBase64JsonPatch() {
    AdmissionReview r = codec.decode(bytes("pod-create.json"));
    var verdict = new Verdict(true, "m", List.of(), List.of(), Map.of());
    var pin = new DigestPin("/spec/containers/0/image", "registry.example/shop/web:1.4@" + TablePolicy.WEB_14);
    JsonNode response = read(codec.encode(r, verdict, List.of(pin))).path("response");
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = read(Base64.getDecoder().decode(response.path("patch").asText()));
    assertThat(patch).isEqualTo(read(("[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":"
        + "\"registry.example/shop/web:1.4@" + TablePolicy.WEB_14 + "\"}]").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void writesErrorsInHallmarksErrorShape() {
    JsonNode error = read(codec.error(ErrorCode.INVALID_REVIEW, "request.uid is missing"));
    assertThat(error.at("/errors/0/code").asText()).isEqualTo("INVALID_REVIEW");
    assertThat(error.at("/errors/0/message").asText()).isEqualTo("request.uid is missing");
  }

  @Test
  void recognisesJsonContentTypes() {
    assertThat(ReviewCodec.isJson("application/json")).isTrue();
    assertThat(ReviewCodec.isJson("application/json; charset=utf-8")).isTrue();
    assertThat(ReviewCodec.isJson("Application/JSON")).isTrue();
    assertThat(ReviewCodec.isJson("application/yaml")).isFalse();
    assertThat(ReviewCodec.isJson("application/json-patch+json")).isFalse();
    assertThat(ReviewCodec.isJson(null)).isFalse();
  }

  private void assertEdited(Consumer<ObjectNode> edit, String message) {
    ObjectNode doc = tree("pod-create.json");
    edit.accept(doc);
    assertRefused(write(doc), ErrorCode.INVALID_REVIEW, message);
  }

  private void assertRefused(byte[] body, ErrorCode code, String message) {
    assertThatThrownBy(() -> codec.decode(body))
        .isInstanceOfSatisfying(AdmissionException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}
