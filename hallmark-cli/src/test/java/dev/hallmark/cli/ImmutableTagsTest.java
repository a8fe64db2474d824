package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.oci.Digest;
import dev.hallmark.registry.RegistryConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository records of the admin API as the registry enforces them, against the real server with
 * token auth: immutable tags ({@code repos create --immutable-tags}) and {@code --no-create-on-push}.
 */
class ImmutableTagsTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir
  Path dir;

  private TrustServerWiring.Running running;
  private HttpClient client;

  private String url() {
    return "https://127.0.0.1:" + running.port();
  }

  private TrustServerWiring.Running start(RegistryConfig registry) throws Exception {
    running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW, registry);
    client = HttpClient.newBuilder().sslContext(TestServer.trusting(dir.resolve("data/tls/ca.crt")))
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    return running;
  }

  private void admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("-s", url(), "--tlscacert", dir.resolve("data/tls/ca.crt").toString()));
    var err = new StringWriter();
    int code = Main.execute(all.toArray(String[]::new), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        Map.of("HALLMARK_USERNAME", "admin", "HALLMARK_PASSWORD", ADMIN_PW, "HALLMARK_NEW_PASSWORD", "alice-password-1"));
    assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
  }

  /** An admin token for pull, push and delete on {@code repository}. */
  private String token(String repository) throws Exception {
    String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PW).getBytes(StandardCharsets.UTF_8));
    var r = send(HttpRequest.newBuilder(URI.create(url() + "/auth/token?service=hallmark&scope="
        + URLEncoder.encode("repository:" + repository + ":pull,push,delete", StandardCharsets.UTF_8)))
        .header("Authorization", "Basic " + basic).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).isTrue();
    return "Bearer " + m.group(1);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder registry(String repository, String path) throws Exception {
    return HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + path)).header("Authorization", token(repository));
  }

  /** Uploads the empty config blob (monolithic POST). */
  private HttpResponse<String> uploadConfig(String repository) throws Exception {
    return send(registry(repository, "/blobs/uploads/?digest=" + Digest.sha256(CONFIG))
        .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(CONFIG)));
  }

  /** A manifest of the empty config; {@code label} makes its digest differ. */
  private static String manifest(String label) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Digest.sha256(CONFIG) + "\",\"size\":2},\"layers\":[],"
        + "\"annotations\":{\"label\":\"" + label + "\"}}";
  }

  private static Digest digestOf(String manifest) {
    return Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> put(String repository, String reference, String manifest) throws Exception {
    return send(registry(repository, "/manifests/" + reference).header("Content-Type", OCI_MANIFEST)
        .PUT(HttpRequest.BodyPublishers.ofString(manifest)));
  }

  private HttpResponse<String> delete(String repository, String reference) throws Exception {
    return send(registry(repository, "/manifests/" + reference).DELETE());
  }

  private String tagged(String repository, String tag) throws Exception {
    var r = send(registry(repository, "/manifests/" + tag).header("Accept", OCI_MANIFEST).method("HEAD",
        HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  @Test
  void immutableTagKeepsItsDigest() throws Exception {
    try (var server = start(RegistryConfig.defaults())) {
      admin("users", "create", "alice");
      admin("repos", "create", "alice/app", "--immutable-tags");
      String repo = "alice/app";
      String one = manifest("one");
      String two = manifest("two");
      assertThat(uploadConfig(repo).statusCode()).isEqualTo(201);
      assertThat(put(repo, "v1", one).statusCode()).isEqualTo(201);

      var moved = put(repo, "v1", two);
      assertThat(moved.statusCode()).isEqualTo(400);
      assertThat(moved.body()).contains("\"code\":\"TAG_INVALID\"")
          .contains("tag v1 already exists in alice/app as " + digestOf(one) + " and cannot be overwritten");
      assertThat(tagged(repo, "v1")).isEqualTo(digestOf(one).toString());

      assertThat(put(repo, "v1", one).statusCode()).as("the same digest again").isEqualTo(201);
      assertThat(put(repo, digestOf(two).toString(), two).statusCode()).as("by digest").isEqualTo(201);
      assertThat(put(repo, "v2", two).statusCode()).as("a new tag").isEqualTo(201);

      var deleteTag = delete(repo, "v1");
      assertThat(deleteTag.statusCode()).isEqualTo(403);
      assertThat(deleteTag.body()).contains("\"code\":\"DENIED\"").contains("tag v1 of " + digestOf(one));
      var deleteTagged = delete(repo, digestOf(two).toString());
      assertThat(deleteTagged.statusCode()).as("deleting the manifest would delete v2").isEqualTo(403);
      assertThat(deleteTagged.body()).contains("tag v2 of " + digestOf(two));
      assertThat(tagged(repo, "v1")).isEqualTo(digestOf(one).toString());
      String three = manifest("three");
      assertThat(put(repo, digestOf(three).toString(), three).statusCode()).isEqualTo(201);
      assertThat(delete(repo, digestOf(three).toString()).statusCode()).as("an untagged manifest").isEqualTo(202);
    }
  }

  @Test
  void mutableRepositoriesMoveTagsAndCreateOnPushByDefault() throws Exception {
    try (var server = start(RegistryConfig.defaults())) {
      admin("users", "create", "alice");
      admin("repos", "create", "alice/app");
      admin("repos", "create", "alice/tools/arm64", "--immutable-tags");
      for (String repo : List.of("alice/app", "alice/unrecorded")) {
        assertThat(uploadConfig(repo).statusCode()).as(repo).isEqualTo(201);
        assertThat(put(repo, "v1", manifest("one")).statusCode()).as(repo).isEqualTo(201);
        assertThat(put(repo, "v1", manifest("two")).statusCode()).as(repo).isEqualTo(201);
        assertThat(tagged(repo, "v1")).isEqualTo(digestOf(manifest("two")).toString());
        assertThat(delete(repo, "v1").statusCode()).as(repo).isEqualTo(202);
      }
      // the record alice/tools/arm64 is the name tools/arm64 in the namespace alice
      String nested = "alice/tools/arm64";
      assertThat(uploadConfig(nested).statusCode()).isEqualTo(201);
      assertThat(put(nested, "v1", manifest("one")).statusCode()).isEqualTo(201);
      assertThat(put(nested, "v1", manifest("two")).statusCode()).isEqualTo(400);
    }
  }

  @Test
  void noCreateOnPushAcceptsOnlyCreatedRepositories() throws Exception {
    try (var server = start(RegistryConfig.defaults().withCreateOnPush(false))) {
      admin("users", "create", "alice");
      admin("repos", "create", "alice/made");
      var upload = uploadConfig("alice/other");
      assertThat(upload.statusCode()).isEqualTo(404);
      assertThat(upload.body()).contains("\"code\":\"NAME_UNKNOWN\"").contains("alice/other does not exist");
      var manifest = put("alice/other", "v1", manifest("one"));
      assertThat(manifest.statusCode()).isEqualTo(404);
      assertThat(manifest.body()).contains("\"code\":\"NAME_UNKNOWN\"");

      assertThat(uploadConfig("alice/made").statusCode()).isEqualTo(201);
      assertThat(put("alice/made", "v1", manifest("one")).statusCode()).isEqualTo(201);
      assertThat(tagged("alice/made", "v1")).isEqualTo(digestOf(manifest("one")).toString());
    }
  }

  @Test
  void noCreateOnPushNeedsTokenAuth() {
    var err = new StringWriter();
    int code = Main.execute(new String[] {"server", "--auth", "none", "--no-create-on-push", "--insecure-http",
        "--listen", "127.0.0.1:0", "--data-dir", dir.resolve("none").toString()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of());
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--no-create-on-push needs --auth token");
  }
}
