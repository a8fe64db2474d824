package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product page's story with the policy UCP enforced, against a real server with token auth: alice
 * (team dev/admin) and bob (team dev/qa) download client bundles; the repository owner delegates
 * {@code targets/releases} and {@code targets/<team>} to their certificates with {@code hallmark
 * delegate}; the organisation's policy requires a signature from dev/admin. Every enforcement point (the
 * admission webhook for a Pod and a Deployment, pull-time enforcement in the registry, and {@code
 * hallmark policy check} on the client) gives the same answer at each step: signed only with the
 * repository key: denied; signed by bob only: denied; signed by alice: allowed; alice removed from
 * dev/admin: denied again.
 */
class TeamSigningPolicyScenarioTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String PW = "user-password-1";
  private static final String PASSPHRASE = "scenario passphrase";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private String url;
  private String ca;
  private String gun;
  private HttpClient http;

  private record Result(int status, String out) {}

  private Map<String, String> env(String user, String password, boolean trust) {
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "HALLMARK_USERNAME", user,
        "HALLMARK_PASSWORD", password, "HALLMARK_NEW_PASSWORD", PW,
        "NOTARY_AUTH", basic(user, password), "REGISTRY_AUTH", basic(user, password),
        "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PASSPHRASE, "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PASSPHRASE));
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PASSPHRASE);
    }
    if (trust) {
      env.put("DOCKER_CONTENT_TRUST", "1");
    }
    return env;
  }

  private Result run(Map<String, String> env, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Result(status, out + err.toString());
  }

  private Result admin(String... args) {
    var all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("-s", url, "--tlscacert", ca));
    return run(env("admin", ADMIN_PW, false), all.toArray(String[]::new));
  }

  /** A command of a user, with their own trust directory. */
  private Result as(String user, boolean trust, String... args) {
    var all = new ArrayList<>(List.of("-d", dir.resolve(user + "-trust").toString(), "--tlscacert", ca));
    all.addAll(List.of(args));
    return run(env(user, PW, trust), all.toArray(String[]::new));
  }

  private static String basic(String user, String pw) {
    return Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  private static void ok(Result r) {
    assertThat(r.status()).as(r.out()).isZero();
  }

  /** What every enforcement point says about one tag. */
  private record Verdicts(boolean checkAllowed, String check, boolean podAllowed, String pod,
      boolean deploymentAllowed, String deployment, boolean pullAllowed, String pull) {
    void allAllow(boolean expected) {
      assertThat(List.of(checkAllowed, podAllowed, deploymentAllowed, pullAllowed)).as(toString())
          .containsOnly(expected);
    }
  }

  private Verdicts verdicts(String tag) throws Exception {
    String image = gun + ":" + tag;
    Result check = as("consumer", false, "policy", "check", image);
    JsonNode pod = admit("Pod", "", "v1", "pods", Map.of("spec", Map.of("containers",
        List.of(Map.of("name", "web", "image", image)))));
    JsonNode deployment = admit("Deployment", "apps", "v1", "deployments", Map.of("spec", Map.of("replicas", 2,
        "template", Map.of("spec", Map.of("initContainers", List.of(Map.of("name", "init", "image", image)),
            "containers", List.of(Map.of("name", "web", "image", image)))))));
    Result pull = as("consumer", false, "pull", image, "-o", dir.resolve("pulled-" + tag + ".tar").toString());
    return new Verdicts(check.status() == 0, check.out(), pod.get("allowed").asBoolean(), message(pod),
        deployment.get("allowed").asBoolean(), message(deployment), pull.status() == 0, pull.out());
  }

  private static String message(JsonNode response) {
    StringBuilder b = new StringBuilder();
    if (response.has("status") && response.get("status").has("message")) {
      b.append(response.get("status").get("message").asText());
    }
    if (response.has("warnings")) {
      response.get("warnings").forEach(w -> b.append('\n').append(w.asText()));
    }
    return b.toString();
  }

  /** POSTs an AdmissionReview v1 for a new object as kube-apiserver does and returns its response. */
  private JsonNode admit(String kind, String group, String version, String resource, Map<String, Object> object)
      throws Exception {
    return review("/policy/v1/admit", kind, group, version, resource, object);
  }

  private JsonNode review(String path, String kind, String group, String version, String resource,
      Map<String, Object> object) throws Exception {
    var obj = new HashMap<String, Object>(object);
    obj.put("apiVersion", group.isEmpty() ? version : group + "/" + version);
    obj.put("kind", kind);
    obj.put("metadata", Map.of("name", "web", "namespace", "default"));
    var gvk = Map.of("group", group, "version", version, "kind", kind);
    var review = Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", Map.of(
        "uid", "705ab4f5-6393-11e8-b7cc-42010a800002", "kind", gvk, "requestKind", gvk,
        "resource", Map.of("group", group, "version", version, "resource", resource),
        "namespace", "default", "operation", "CREATE", "object", obj,
        "userInfo", Map.of("username", "system:serviceaccount:kube-system:deployment-controller"), "dryRun", false));
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + path + "?timeout=10s"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(review))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("response").get("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    return answer.get("response");
  }

  /** The certificate and key of a user's client bundle, downloaded with {@code hallmark bundle create}. */
  private Map<String, Path> bundle(String user) throws Exception {
    Path zip = dir.resolve(user + ".zip");
    ok(run(env(user, PW, false), "bundle", "create", "-o", zip.toString(), "-s", url, "--tlscacert", ca));
    Map<String, Path> files = new HashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Path f = dir.resolve(user + "-" + e.getName());
        Files.write(f, in.readAllBytes());
        files.put(e.getName(), f);
      }
    }
    return files;
  }

  private void push(String user, String tag) throws Exception {
    Path image = dir.resolve("image-" + tag);
    ImagePushPullTest.ociLayout(image, tag, "nginx " + tag);
    ok(as(user, true, "push", image.toString(), gun + ":" + tag));
  }

  @Test
  void onlyImagesSignedByTheRequiredTeamsRun() throws Exception {
    try (var running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW)) {
      url = "https://127.0.0.1:" + running.port();
      ca = dir.resolve("data/tls/ca.crt").toString();
      gun = "127.0.0.1:" + running.port() + "/dev/nginx";
      http = HttpClient.newBuilder().sslContext(TestServer.trusting(Path.of(ca)))
          .connectTimeout(Duration.ofSeconds(5)).build();
      for (String user : List.of("alice", "bob", "consumer")) {
        ok(admin("users", "create", user));
      }
      ok(admin("orgs", "create", "dev"));
      for (String team : List.of("admin", "qa", "readers")) {
        ok(admin("teams", "create", "dev", team));
      }
      ok(admin("members", "add", "dev", "alice", "--team", "admin"));
      ok(admin("members", "add", "dev", "bob", "--team", "qa"));
      ok(admin("members", "add", "dev", "consumer", "--team", "readers"));
      ok(admin("repos", "create", "dev/nginx"));
      ok(admin("repos", "access", "dev/nginx", "admin", "read-write"));
      ok(admin("repos", "access", "dev/nginx", "qa", "read-write"));
      ok(admin("repos", "access", "dev/nginx", "readers", "read-only"));
      ok(admin("policy", "set", "dev", "--require-content-trust", "--require-signature-from", "dev/admin"));

      // alice pushes with trust: the repository is initialised, the tag signed with the repository key
      push("alice", "1");
      Verdicts repoKeyOnly = verdicts("1");
      repoKeyOnly.allAllow(false);
      assertThat(repoKeyOnly.check()).contains("denied: " + gun + ":1 (sha256:",
          "has no signature by a delegation key of a known user; signed by the repository's targets key in targets",
          "(policy of dev: content trust required, signatures from dev/admin)");
      assertThat(repoKeyOnly.pod()).contains("has no signature by a delegation key of a known user");
      assertThat(repoKeyOnly.deployment()).contains("has no signature by a delegation key of a known user");
      assertThat(repoKeyOnly.pull()).contains("has no signature by a delegation key of a known user");

      // client bundles; the owner delegates releases + the team's role to each user's certificate
      Map<String, Path> aliceBundle = bundle("alice");
      Map<String, Path> bobBundle = bundle("bob");
      ok(as("alice", false, "-s", url, "delegate", "--user", "alice", "--team", "dev/admin", gun));
      ok(as("alice", false, "-s", url, "delegate", "--user", "bob", "--team", "dev/qa",
          "--cert", bobBundle.get("cert.pem").toString(), gun));
      ok(as("alice", false, "key", "import", aliceBundle.get("key.pem").toString(), "-r", "targets/admin"));
      ok(as("bob", false, "key", "import", bobBundle.get("key.pem").toString(), "-r", "targets/qa"));

      // bob signs: his team is dev/qa, and releases never counts for a team
      push("bob", "2");
      Verdicts bobOnly = verdicts("2");
      bobOnly.allAllow(false);
      String missingAdmin = "has no signature from a member of team dev/admin; signed by bob (teams: dev/qa) in"
          + " targets/releases and targets/qa";
      assertThat(bobOnly.check()).contains(missingAdmin);
      assertThat(bobOnly.pod()).contains(missingAdmin);
      assertThat(bobOnly.deployment()).contains(missingAdmin);
      assertThat(bobOnly.pull()).contains(missingAdmin);

      // alice signs into targets/releases and targets/admin: allowed everywhere
      push("alice", "3");
      Verdicts aliceSigned = verdicts("3");
      aliceSigned.allAllow(true);
      assertThat(aliceSigned.check()).contains("allowed: " + gun + ":3 (sha256:",
          "signed by alice (teams: dev/admin) in targets/releases and targets/admin");
      assertThat(aliceSigned.pod()).contains("signed by alice (teams: dev/admin)");
      assertThat(aliceSigned.deployment()).contains("signed by alice (teams: dev/admin)");

      // the mutating endpoint pins the tag to the digest alice signed
      JsonNode mutated = review("/policy/v1/mutate", "Pod", "", "v1", "pods", Map.of("spec", Map.of("containers",
          List.of(Map.of("name", "web", "image", gun + ":3")))));
      assertThat(mutated.get("allowed").asBoolean()).isTrue();
      assertThat(mutated.get("patchType").asText()).isEqualTo("JSONPatch");
      JsonNode patch = JSON.readTree(Base64.getDecoder().decode(mutated.get("patch").asText()));
      assertThat(patch.get(0).get("op").asText()).isEqualTo("replace");
      assertThat(patch.get(0).get("path").asText()).isEqualTo("/spec/containers/0/image");
      assertThat(patch.get(0).get("value").asText()).matches(java.util.regex.Pattern.quote(gun + ":3@sha256:") + "[0-9a-f]{64}");
      assertThat(aliceSigned.check()).contains(patch.get(0).get("value").asText().substring((gun + ":3@").length()));

      // alice leaves dev/admin: the same signature no longer counts
      ok(admin("members", "remove", "dev", "alice", "--team", "admin"));
      Verdicts aliceLeft = verdicts("3");
      aliceLeft.allAllow(false);
      String noTeams = "has no signature from a member of team dev/admin; signed by alice (no teams) in"
          + " targets/releases and targets/admin";
      assertThat(aliceLeft.check()).contains(noTeams);
      assertThat(aliceLeft.pod()).contains(noTeams);
      assertThat(aliceLeft.deployment()).contains(noTeams);
      assertThat(aliceLeft.pull()).contains(noTeams);

      // every decision is counted by enforcement point, result and reason
      String metrics = new String(http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
      assertThat(metrics).containsPattern("hallmark_policy_decisions_total\\{[^}]*point=\"admission\"[^}]*reason=\"missing_team\"[^}]*result=\"denied\"[^}]*\\} [1-9]")
          .containsPattern("hallmark_policy_decisions_total\\{[^}]*point=\"pull\"[^}]*reason=\"no_known_signer\"[^}]*result=\"denied\"[^}]*\\} [1-9]")
          .containsPattern("hallmark_policy_decisions_total\\{[^}]*point=\"admission\"[^}]*reason=\"signed\"[^}]*result=\"allowed\"[^}]*\\} [1-9]");

      // --require-team adds to the server's policy on the client side
      ok(admin("members", "add", "dev", "alice", "--team", "admin"));
      Result both = as("consumer", false, "policy", "check", gun + ":3", "--require-team", "dev/qa");
      assertThat(both.status()).as(both.out()).isEqualTo(1);
      assertThat(both.out()).contains("has no signature from a member of team dev/qa");
    }
  }
}
