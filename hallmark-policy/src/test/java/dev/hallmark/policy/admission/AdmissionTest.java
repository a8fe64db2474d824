package dev.hallmark.policy.admission;

import static dev.hallmark.policy.admission.Fixtures.review;
import static dev.hallmark.policy.admission.Fixtures.tree;
import static dev.hallmark.policy.admission.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final TablePolicy policy = TablePolicy.shop();
  private final Admission admission = new Admission(policy);

  @Test
  void checksEveryContainerOfAPodAndEachImageOnce() {
    Verdict v = admission.decide(review("pod-create.json"));
    assertThat(v.images()).extracting(ContainerImage::pointer).containsExactly(
        "/spec/initContainers/0/image", "/spec/containers/0/image", "/spec/containers/1/image", "/spec/containers/2/image");
    assertThat(v.images()).extracting(ContainerImage::container).containsExactly("migrate", "web", "worker", "metrics");
    assertThat(policy.asked).containsExactly(
        "registry.example/shop/init-db:2", "registry.example/shop/web:1.4", TablePolicy.SIDECAR);
    assertThat(v.allowed()).isTrue();
    assertThat(v.message()).startsWith("hallmark: 3 images allowed: allowed: registry.example/shop/init-db:2 (");
    assertThat(v.warnings()).hasSize(3).allSatisfy(w -> assertThat(w).startsWith("allowed: "));
  }

  @Test
  void deniesWhenOneImageIsDeniedAndSaysWhy() {
    Verdict v = admission.decide(review("deployment-create-v1beta1.json"));
    assertThat(v.allowed()).isFalse();
    assertThat(v.message()).isEqualTo("hallmark: 1 of 2 images denied: denied: registry.example/dev/nginx:1 ("
        + TablePolicy.NGINX + ") has no signature from a member of team dev/admin; signed by alice (teams: dev/qa) in targets/qa"
        + " [trust data: timestamp v7, targets v3]");
    // the allowed image is reported too, once, as a warning, with the trust data its decision used
    assertThat(v.warnings()).containsExactly(
        "allowed: registry.example/shop/exporter:0.9 (" + TablePolicy.EXPORTER + ") signed by bob (teams: shop/release)"
            + " [trust data: timestamp v2, targets v2]");
  }

  @Test
  void listsEveryDeniedImageOnItsOwnLine() {
    ObjectNode doc = tree("pod-create.json");
    ((ObjectNode) doc.at("/request/object/spec/containers/1")).put("image", "registry.example/dev/nginx:1");
    ((ObjectNode) doc.at("/request/object/spec/initContainers/0")).put("image", "registry.example/dev/unsigned:1");
    Verdict v = admission.decide(new ReviewCodec().decode(write(doc)));
    assertThat(v.message()).isEqualTo("hallmark: 2 of 4 images denied: "
        + "denied: registry.example/dev/unsigned:1 has no trust data\n"
        + "denied: registry.example/dev/nginx:1 (" + TablePolicy.NGINX + ") has no signature from a member of team"
        + " dev/admin; signed by alice (teams: dev/qa) in targets/qa [trust data: timestamp v7, targets v3]");
    assertThat(v.warnings()).hasSize(2);
  }

  @Test
  void findsTheCronJobsPodTemplate() {
    Verdict v = admission.decide(review("cronjob-create-dryrun.json"));
    assertThat(v.images()).extracting(ContainerImage::fieldPath).containsExactly(
        "spec.jobTemplate.spec.template.spec.initContainers[0].image",
        "spec.jobTemplate.spec.template.spec.containers[0].image");
    assertThat(v.allowed()).isTrue();
  }

  @Test
  void findsTheJobAndStatefulSetPodTemplates() {
    assertThat(admission.decide(review("job-create.json")).images()).extracting(ContainerImage::pointer)
        .containsExactly("/spec/template/spec/initContainers/0/image", "/spec/template/spec/containers/0/image");
    assertThat(admission.decide(review("statefulset-create.json")).images()).extracting(ContainerImage::image)
        .containsExactly("registry.example/shop/postgres:17");
  }

  @ParameterizedTest
  @CsvSource({
      "'',      v1,      Pod,                   pods,                   /spec",
      "'',      v1,      ReplicationController, replicationcontrollers, /spec/template/spec",
      "apps,    v1,      Deployment,            deployments,            /spec/template/spec",
      "apps,    v1,      StatefulSet,           statefulsets,           /spec/template/spec",
      "apps,    v1,      DaemonSet,             daemonsets,             /spec/template/spec",
      "apps,    v1,      ReplicaSet,            replicasets,            /spec/template/spec",
      "extensions, v1beta1, Deployment,         deployments,            /spec/template/spec",
      "batch,   v1,      Job,                   jobs,                   /spec/template/spec",
      "batch,   v1,      CronJob,               cronjobs,               /spec/jobTemplate/spec/template/spec",
      "batch,   v1beta1, CronJob,               cronjobs,               /spec/jobTemplate/spec/template/spec",
  })
  void checksEveryWorkloadKind(String group, String version, String kind, String resource, String spec) {
    ObjectNode doc = tree("pod-create.json");
    ObjectNode request = (ObjectNode) doc.get("request");
    request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
    ObjectNode podSpec = (ObjectNode) request.at("/object/spec");
    ObjectNode object = request.putObject("object");
    object.put("apiVersion", group.isEmpty() ? version : group + "/" + version).put("kind", kind);
    ObjectNode at = object;
    for (String step : spec.substring(1).split("/")) {
      at = at.putObject(step);
    }
    at.setAll(podSpec);
    Verdict v = admission.decide(new ReviewCodec().decode(write(doc)));
    assertThat(v.images()).extracting(ContainerImage::pointer).containsExactly(spec + "/initContainers/0/image",
        spec + "/containers/0/image", spec + "/containers/1/image", spec + "/containers/2/image");
    assertThat(v.allowed()).isTrue();
  }

  @Test
  void checksTheEphemeralContainerOfKubectlDebug() {
    Verdict v = admission.decide(review("pod-ephemeralcontainers.json"));
    assertThat(v.images()).extracting(ContainerImage::pointer)
        .containsExactly("/spec/containers/0/image", "/spec/ephemeralContainers/0/image");
    assertThat(v.allowed()).isFalse();
    assertThat(v.message()).isEqualTo(
        "hallmark: 1 of 2 images denied: denied: docker.io/library/busybox:1.36 is not in registry.example");
  }

  @Test
  void checksTheEphemeralContainersKindOfOlderApiservers() {
    ObjectNode doc = tree("pod-ephemeralcontainers.json");
    ObjectNode request = (ObjectNode) doc.get("request");
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "EphemeralContainers");
    var ephemeral = request.at("/object/spec/ephemeralContainers");
    request.putObject("object").put("kind", "EphemeralContainers").put("apiVersion", "v1")
        .set("ephemeralContainers", ephemeral);
    Verdict v = admission.decide(new ReviewCodec().decode(write(doc)));
    assertThat(v.images()).extracting(ContainerImage::pointer).containsExactly("/ephemeralContainers/0/image");
    assertThat(v.allowed()).isFalse();
  }

  @Test
  void checksTheNewObjectOfAnUpdate() {
    Verdict v = admission.decide(review("deployment-update.json"));
    assertThat(policy.asked).containsExactly(
        "registry.example/shop/init-db:2", "registry.example/shop/web:1.5", TablePolicy.SIDECAR);
    assertThat(v.allowed()).isTrue();
  }

  @Test
  void allowsDeleteWithoutAsking() {
    Verdict v = admission.decide(review("pod-delete.json"));
    assertThat(v.allowed()).isTrue();
    assertThat(v.message()).isEqualTo("hallmark: nothing checked: DELETE starts no containers");
    assertThat(policy.asked).isEmpty();
  }

  @Test
  void allowsSubresourcesThatCannotChangeAnImage() {
    Verdict v = admission.decide(review("deployment-scale.json"));
    assertThat(v.allowed()).isTrue();
    assertThat(v.message()).isEqualTo("hallmark: nothing checked: subresource deployments/scale cannot change an image");
    assertThat(policy.asked).isEmpty();
  }

  @Test
  void allowsKindsWithoutPodTemplateAndSaysNothingWasChecked() {
    Verdict v = admission.decide(review("custom-resource-create.json"));
    assertThat(v.allowed()).isTrue();
    assertThat(v.message()).isEqualTo("hallmark: nothing checked: flagger.app/v1beta1 Canary has no pod template");
    assertThat(v.decisions()).isEmpty();
    assertThat(policy.asked).isEmpty();
  }

  @Test
  void allowsUpdatesOfObjectsBeingDeleted() {
    ObjectNode doc = tree("deployment-update.json");
    ((ObjectNode) doc.at("/request/object/metadata")).put("deletionTimestamp", "2026-11-27T09:00:00Z");
    ((ObjectNode) doc.at("/request/object/spec/template/spec/containers/0")).put("image", "registry.example/dev/nginx:1");
    Verdict v = admission.decide(new ReviewCodec().decode(write(doc)));
    assertThat(v.allowed()).isTrue();
    assertThat(v.message()).isEqualTo("hallmark: nothing checked: the Deployment is being deleted");
  }

  @Test
  void skipsContainersWithoutImageInTemplates() {
    ObjectNode doc = tree("statefulset-create.json");
    ((ObjectNode) doc.at("/request/object/spec/template/spec/containers/0")).remove("image");
    Verdict v = admission.decide(new ReviewCodec().decode(write(doc)));
    assertThat(v.allowed()).isTrue();
    assertThat(v.message()).isEqualTo("hallmark: no container images to check");
  }

  @Test
  void refusesMalformedContainers() {
    ObjectNode doc = tree("pod-create.json");
    ((ObjectNode) doc.at("/request/object/spec/containers/0")).put("image", 7);
    assertThatThrownBy(() -> admission.decide(new ReviewCodec().decode(write(doc))))
        .isInstanceOfSatisfying(AdmissionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REVIEW))
        .hasMessage("request.object.spec.containers[0].image is not a string");
    ObjectNode list = tree("pod-create.json");
    ((ObjectNode) list.at("/request/object/spec")).put("containers", "web");
    assertThatThrownBy(() -> admission.decide(new ReviewCodec().decode(write(list))))
        .hasMessage("request.object.spec.containers is not an array");
    ObjectNode missing = tree("pod-create.json");
    ((ObjectNode) missing.get("request")).putNull("object");
    assertThatThrownBy(() -> admission.decide(new ReviewCodec().decode(write(missing))))
        .hasMessage("request.object is required for CREATE of v1 Pod");
  }

  @Test
  void writesOneLineMessages() {
    assertThat(Admission.oneLine("denied: a\nb\tc\u0007 ")).isEqualTo("denied: a b c");
    assertThat(new ContainerImage("/spec/template/spec/containers/10/image", "", "x").fieldPath())
        .isEqualTo("spec.template.spec.containers[10].image");
    assertThat(List.of(new ContainerImage("/spec/containers/0/image", "", "a@sha256:1").byDigest(),
        new ContainerImage("/spec/containers/0/image", "", "a:1").byDigest())).containsExactly(true, false);
  }
}
