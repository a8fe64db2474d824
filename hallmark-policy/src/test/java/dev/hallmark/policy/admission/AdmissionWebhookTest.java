package dev.hallmark.policy.admission;

import static dev.hallmark.policy.admission.Fixtures.applyPatch;
import static dev.hallmark.policy.admission.Fixtures.bytes;
import static dev.hallmark.policy.admission.Fixtures.read;
import static dev.hallmark.policy.admission.Fixtures.tree;
import static dev.hallmark.policy.admission.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook over real HTTP, as the apiserver calls it: a Jetty server on a free port of 127.0.0.1. */
class AdmissionWebhookTest {
  private final TablePolicy policy = TablePolicy.shop();
  private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Server server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    var connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new AdmissionWebhook(policy, virtualThreads, 64 * 1024));
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    virtualThreads.close();
  }

  @Test
  void admitsAPodWhoseImagesAreAllAllowed() throws Exception {
    HttpResponse<byte[]> res = post("/policy/v1/admit", bytes("pod-create.json"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode review = read(res.body());
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(review.at("/response/uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(review.at("/response/allowed").booleanValue()).isTrue();
    assertThat(review.at("/response/warnings")).hasSize(3);
    assertThat(review.at("/response/patch").isMissingNode()).isTrue(); // the validating webhook never patches
    assertThat(policy.asked).hasSize(3);
  }

  @Test
  void ignoresTheTimeoutQueryTheApiserverAppends() throws Exception {
    HttpResponse<byte[]> res = post("/policy/v1/admit?timeout=10s", bytes("pod-create.json"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(read(res.body()).at("/response/allowed").booleanValue()).isTrue();
  }

  @Test
  void deniesInTheRequestsApiVersionWithAMessageForKubectl() throws Exception {
    HttpResponse<byte[]> res = post("/policy/v1/admit", bytes("deployment-create-v1beta1.json"));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode review = read(res.body());
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1beta1");
    assertThat(review.at("/response/uid").asText()).isEqualTo("3c9b6a0e-8d7f-4a5b-9c1d-2e3f4a5b6c7d");
    assertThat(review.at("/response/allowed").booleanValue()).isFalse();
    assertThat(review.at("/response/status/code").intValue()).isEqualTo(403);
    assertThat(review.at("/response/status/reason").asText()).isEqualTo("Forbidden");
    assertThat(review.at("/response/status/message").asText())
        .startsWith("hallmark: 1 of 2 images denied: denied: registry.example/dev/nginx:1 (sha256:f1f1");
  }

  @Test
  void answersEveryFixture() throws Exception {
    for (String name : new String[] {"pod-delete.json", "cronjob-create-dryrun.json", "job-create.json",
        "statefulset-create.json", "deployment-update.json", "deployment-scale.json", "custom-resource-create.json"}) {
      JsonNode review = read(post("/policy/v1/admit", bytes(name)).body());
      assertThat(review.at("/response/uid").asText()).isEqualTo(tree(name).at("/request/uid").asText());
      assertThat(review.at("/response/allowed").booleanValue()).as(name).isTrue();
    }
    JsonNode debug = read(post("/policy/v1/admit", bytes("pod-ephemeralcontainers.json")).body());
    assertThat(debug.at("/response/allowed").booleanValue()).isFalse();
    assertThat(debug.at("/response/status/message").asText()).contains("docker.io/library/busybox:1.36");
  }

  @Test
  void mutatePinsTagsToSignedDigests() throws Exception {
    HttpResponse<byte[]> res = post("/policy/v1/mutate", bytes("pod-create.json"));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode response = read(res.body()).path("response");
    assertThat(response.path("allowed").booleanValue()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode pod = applyPatch(tree("pod-create.json").at("/request/object"), response.path("patch").asText());
    assertThat(pod.at("/spec/initContainers/0/image").asText())
        .isEqualTo("registry.example/shop/init-db:2@" + TablePolicy.INIT_DB);
    assertThat(pod.at("/spec/containers/0/image").asText()).isEqualTo("registry.example/shop/web:1.4@" + TablePolicy.WEB_14);
    assertThat(pod.at("/spec/containers/1/image").asText()).isEqualTo("registry.example/shop/web:1.4@" + TablePolicy.WEB_14);
    assertThat(pod.at("/spec/containers/2/image").asText()).isEqualTo(TablePolicy.SIDECAR);
  }

  @Test
  void mutateDeniesLikeAdmitAndPatchesNothing() throws Exception {
    JsonNode response = read(post("/policy/v1/mutate", bytes("deployment-create-v1beta1.json")).body()).path("response");
    assertThat(response.path("allowed").booleanValue()).isFalse();
    assertThat(response.path("status").path("code").intValue()).isEqualTo(403);
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void mutateOfAnUnchangedUpdateHasNoPatch() throws Exception {
    ObjectNode doc = tree("deployment-update.json");
    doc.withObjectProperty("request").set("object", doc.at("/request/oldObject"));
    JsonNode response = read(post("/policy/v1/mutate", write(doc)).body()).path("response");
    assertThat(response.path("allowed").booleanValue()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  @Test
  void refusesMalformedJsonWith400() throws Exception {
    HttpResponse<byte[]> res = post("/policy/v1/admit", "{\"kind\":\"AdmissionReview\",".getBytes());
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = read(res.body());
    assertThat(error.at("/errors/0/code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(error.at("/errors/0/message").asText()).startsWith("request body is not valid JSON");
    assertThat(error.has("response")).isFalse();
  }

  @Test
  void refusesAReviewWithoutUidWith400() throws Exception {
    ObjectNode doc = tree("pod-create.json");
    doc.withObjectProperty("request").remove("uid");
    HttpResponse<byte[]> res = post("/policy/v1/admit", write(doc));
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(read(res.body()).at("/errors/0/code").asText()).isEqualTo("INVALID_REVIEW");
    assertThat(read(res.body()).at("/errors/0/message").asText()).isEqualTo("not an AdmissionReview request: request.uid is missing");
    assertThat(policy.asked).isEmpty();
  }

  @Test
  void refusesAnOversizeBodyWith400() throws Exception {
    byte[] big = new byte[64 * 1024 + 1];
    Arrays.fill(big, (byte) ' ');
    HttpResponse<byte[]> declared = post("/policy/v1/admit", big);
    assertThat(declared.statusCode()).isEqualTo(400);
    assertThat(read(declared.body()).at("/errors/0/code").asText()).isEqualTo("BODY_TOO_LARGE");
    // without Content-Length (chunked) the limit holds while reading
    HttpResponse<byte[]> chunked = client.send(HttpRequest.newBuilder(base.resolve("/policy/v1/admit"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(), BodyHandlers.ofByteArray());
    assertThat(chunked.statusCode()).isEqualTo(400);
    assertThat(read(chunked.body()).at("/errors/0/message").asText())
        .isEqualTo("request body of more than 65536 bytes exceeds the limit of 65536 bytes");
  }

  @Test
  void theDefaultLimitIsThreeMebibytes() throws Exception {
    server.stop();
    server.setHandler(new AdmissionWebhook(policy, virtualThreads));
    server.start();
    base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    ObjectNode doc = tree("pod-create.json");
    doc.withObjectProperty("request").withObjectProperty("object").withObjectProperty("metadata").withObjectProperty("annotations").put("padding", "x".repeat(3 * 1024 * 1024));
    HttpResponse<byte[]> res = post("/policy/v1/admit", write(doc));
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(read(res.body()).at("/errors/0/code").asText()).isEqualTo("BODY_TOO_LARGE");
    doc.withObjectProperty("request").withObjectProperty("object").withObjectProperty("metadata").withObjectProperty("annotations").put("padding", "x".repeat(1024 * 1024));
    assertThat(post("/policy/v1/admit", write(doc)).statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsJsonWithCharset() throws Exception {
    HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(base.resolve("/policy/v1/admit"))
        .header("Content-Type", "application/json; charset=utf-8").header("Accept", "application/json, */*")
        .POST(BodyPublishers.ofByteArray(bytes("pod-create.json"))).build(), BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(200);
  }

  @Test
  void refusesOtherMethodsWith405() throws Exception {
    HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(base.resolve("/policy/v1/admit")).GET().build(),
        BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("Allow")).hasValue("POST");
    assertThat(read(res.body()).at("/errors/0/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
  }

  @Test
  void refusesOtherContentTypesWith415() throws Exception {
    HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(base.resolve("/policy/v1/mutate"))
        .header("Content-Type", "application/yaml").POST(BodyPublishers.ofByteArray(bytes("pod-create.json"))).build(),
        BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(415);
    assertThat(read(res.body()).at("/errors/0/code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void leavesOtherPathsToOtherHandlers() throws Exception {
    assertThat(AdmissionWebhook.claims("/policy/v1/admit")).isTrue();
    assertThat(AdmissionWebhook.claims("/policy/v1/verify")).isFalse();
    assertThat(post("/policy/v1/admit/", bytes("pod-create.json")).statusCode()).isEqualTo(404);
    assertThat(post("/v2/", bytes("pod-create.json")).statusCode()).isEqualTo(404);
  }

  private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofByteArray());
  }
}
