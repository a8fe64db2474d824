package dev.hallmark.policy.admission;

import static dev.hallmark.policy.admission.Fixtures.applyPatch;
import static dev.hallmark.policy.admission.Fixtures.read;
import static dev.hallmark.policy.admission.Fixtures.review;
import static dev.hallmark.policy.admission.Fixtures.tree;
import static dev.hallmark.policy.admission.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestPinTest {
  private final ReviewCodec codec = new ReviewCodec();
  private final Admission admission = new Admission(TablePolicy.shop());

  @Test
  void pinsEveryTagToItsSignedDigestAndLeavesDigestsAlone() {
    AdmissionReview r = review("pod-create.json");
    List<DigestPin> pins = DigestPin.of(r, admission.decide(r));
    assertThat(pins).containsExactly(
        new DigestPin("/spec/initContainers/0/image", "registry.example/shop/init-db:2@" + TablePolicy.INIT_DB),
        new DigestPin("/spec/containers/0/image", "registry.example/shop/web:1.4@" + TablePolicy.WEB_14),
        new DigestPin("/spec/containers/1/image", "registry.example/shop/web:1.4@" + TablePolicy.WEB_14));
  }

  @Test
  void thePatchChangesOnlyTheImagesWhenApplied() {
    AdmissionReview r = review("pod-create.json");
    JsonNode response = read(codec.encode(r, admission.decide(r), DigestPin.of(r, admission.decide(r)))).path("response");
    JsonNode patched = applyPatch(r.object(), response.path("patch").asText());

    ObjectNode expected = r.object().deepCopy();
    ((ObjectNode) expected.at("/spec/initContainers/0")).put("image", "registry.example/shop/init-db:2@" + TablePolicy.INIT_DB);
    ((ObjectNode) expected.at("/spec/containers/0")).put("image", "registry.example/shop/web:1.4@" + TablePolicy.WEB_14);
    ((ObjectNode) expected.at("/spec/containers/1")).put("image", "registry.example/shop/web:1.4@" + TablePolicy.WEB_14);
    assertThat(patched).isEqualTo(expected);
    assertThat(patched.at("/spec/containers/2/image").asText()).isEqualTo(TablePolicy.SIDECAR);
  }

  @Test
  void pinsTheCronJobTemplate() {
    AdmissionReview r = review("cronjob-create-dryrun.json");
    JsonNode patch = read(codec.patch(DigestPin.of(r, admission.decide(r))));
    assertThat(patch).isEqualTo(read(("["
        + "{\"op\":\"replace\",\"path\":\"/spec/jobTemplate/spec/template/spec/initContainers/0/image\","
        + "\"value\":\"registry.example/shop/fetch:3@" + TablePolicy.FETCH + "\"},"
        + "{\"op\":\"replace\",\"path\":\"/spec/jobTemplate/spec/template/spec/containers/0/image\","
        + "\"value\":\"registry.example/shop/report:2026.11@" + TablePolicy.REPORT + "\"}]").getBytes()));
  }

  @Test
  void pinsOnlyTheImagesAnUpdateChanges() {
    AdmissionReview r = review("deployment-update.json");
    assertThat(DigestPin.of(r, admission.decide(r))).containsExactly(
        new DigestPin("/spec/template/spec/containers/0/image", "registry.example/shop/web:1.5@" + TablePolicy.WEB_15));
  }

  @Test
  void pinsANewEphemeralContainerButNotTheRunningOnes() {
    ObjectNode doc = tree("pod-ephemeralcontainers.json");
    ((ObjectNode) doc.at("/request/object/spec/ephemeralContainers/0")).put("image", "registry.example/shop/web:1.5");
    AdmissionReview r = codec.decode(write(doc));
    assertThat(DigestPin.of(r, admission.decide(r))).containsExactly(
        new DigestPin("/spec/ephemeralContainers/0/image", "registry.example/shop/web:1.5@" + TablePolicy.WEB_15));
  }

  @Test
  void pinsNothingWhenDenied() {
    AdmissionReview r = review("deployment-create-v1beta1.json");
    Verdict v = admission.decide(r);
    assertThat(v.allowed()).isFalse();
    assertThat(DigestPin.of(r, v)).isEmpty();
  }

  @Test
  void pinsNothingWhenTheDecisionNamesNoDigest() {
    var unsigned = new Decision("registry.example/open/tool:1", Optional.empty(), Reason.NOT_REQUIRED,
        "allowed: registry.example/open/tool:1 needs no signature", "");
    var open = new Admission(new TablePolicy(Map.of("registry.example/open/tool:1", unsigned)));
    ObjectNode doc = tree("statefulset-create.json");
    ((ObjectNode) doc.at("/request/object/spec/template/spec/containers/0")).put("image", "registry.example/open/tool:1");
    AdmissionReview r = codec.decode(write(doc));
    Verdict v = open.decide(r);
    assertThat(v.allowed()).isTrue();
    assertThat(DigestPin.of(r, v)).isEmpty();
  }

  @Test
  void pinsAReferenceWithoutTagByAppendingTheDigest() {
    ObjectNode doc = tree("statefulset-create.json");
    ((ObjectNode) doc.at("/request/object/spec/template/spec/containers/0")).put("image", "registry.example/shop/postgres");
    AdmissionReview r = codec.decode(write(doc));
    var latest = new Admission(new TablePolicy(Map.ofEntries(TablePolicy.signed("registry.example/shop/postgres", TablePolicy.POSTGRES))));
    assertThat(DigestPin.of(r, latest.decide(r))).containsExactly(
        new DigestPin("/spec/template/spec/containers/0/image", "registry.example/shop/postgres@" + TablePolicy.POSTGRES));
  }
}
