package dev.hallmark.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.Decision;
import dev.hallmark.registry.access.ScopeCheck;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The distribution API over HTTPS, driven as docker/crane drive it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryApiTest {
  @TempDir
  static Path dir;
  RegistryServer server;

  @BeforeAll
  void start() throws Exception {
    server = new RegistryServer(dir, RegistryConfig.defaults(), ScopeCheck.ALLOW_ALL);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return server.send(b.build());
  }

  String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** POST ?digest= monolithic upload. */
  Digest pushBlob(String repo, byte[] content) throws Exception {
    Digest d = Digest.sha256(content);
    var r = send(server.request("/v2/" + repo + "/blobs/uploads/?digest=" + d)
        .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(content)));
    assertThat(r.statusCode()).as(body(r)).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue("/v2/" + repo + "/blobs/" + d);
    assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(d.toString());
    return d;
  }

  String manifest(MediaType type, Digest config, int configSize, Digest layer, int layerSize, String extra) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"config\":{\"mediaType\":\""
        + (type.equals(MediaType.DOCKER_MANIFEST) ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG) + "\",\"digest\":\"" + config
        + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
        + layer + "\",\"size\":" + layerSize + "}]" + extra + "}";
  }

  HttpResponse<byte[]> putManifest(String repo, String ref, MediaType type, String json) throws Exception {
    return send(server.request("/v2/" + repo + "/manifests/" + ref).header("Content-Type", type.value())
        .PUT(BodyPublishers.ofString(json)));
  }

  @Test
  void pingAnswersWithApiVersion() throws Exception {
    var r = send(server.request("/v2/").GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(body(r)).isEqualTo("{}");
    assertThat(r.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
  }

  @Test
  void monolithicAndChunkedUploadsThenRangedPull() throws Exception {
    byte[] a = random(300_000, 1);
    Digest da = pushBlob("test/chunks", a);

    // chunked: POST, PATCH x3 with Content-Range, GET status, PUT ?digest=
    byte[] b = random(2_500_000, 2);
    Digest db = Digest.sha256(b);
    var start = send(server.request("/v2/test/chunks/blobs/uploads/").POST(BodyPublishers.noBody()));
    assertThat(start.statusCode()).isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    assertThat(start.headers().firstValue("Docker-Upload-UUID")).isPresent();
    assertThat(start.headers().firstValue("Range")).hasValue("0-0");
    int[] cuts = {0, 1_000_000, 2_000_000, b.length};
    for (int i = 0; i < 3; i++) {
      var r = send(server.request(location).header("Content-Type", "application/octet-stream")
          .header("Content-Range", cuts[i] + "-" + (cuts[i + 1] - 1))
          .method("PATCH", BodyPublishers.ofByteArray(b, cuts[i], cuts[i + 1] - cuts[i])));
      assertThat(r.statusCode()).as(body(r)).isEqualTo(202);
      assertThat(r.headers().firstValue("Range")).hasValue("0-" + (cuts[i + 1] - 1));
      location = r.headers().firstValue("Location").orElseThrow();
    }
    // out of order: 416
    var ooo = send(server.request(location).header("Content-Range", "5-9").method("PATCH", BodyPublishers.ofByteArray(new byte[5])));
    assertThat(ooo.statusCode()).isEqualTo(416);
    assertThat(body(ooo)).contains("\"code\":\"RANGE_INVALID\"");
    var status = send(server.request(location).GET());
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-" + (b.length - 1));
    // wrong digest: DIGEST_INVALID and the session is gone
    var bad = send(server.request(location + "?digest=" + Digest.sha256(a)).PUT(BodyPublishers.noBody()));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(body(bad)).contains("DIGEST_INVALID");
    assertThat(send(server.request(location).GET()).statusCode()).isEqualTo(404);
    assertThat(send(server.request("/v2/test/chunks/blobs/" + Digest.sha256(a).toString().replace('a', 'b')).method("HEAD", BodyPublishers.noBody()))
        .statusCode()).isIn(400, 404);

    // again, finishing with the last chunk in the PUT
    start = send(server.request("/v2/test/chunks/blobs/uploads/").POST(BodyPublishers.noBody()));
    location = start.headers().firstValue("Location").orElseThrow();
    var patch = send(server.request(location).method("PATCH", BodyPublishers.ofByteArray(b, 0, 2_000_000)));
    assertThat(patch.statusCode()).isEqualTo(202);
    var put = send(server.request(patch.headers().firstValue("Location").orElseThrow() + "?digest=" + db)
        .PUT(BodyPublishers.ofByteArray(b, 2_000_000, b.length - 2_000_000)));
    assertThat(put.statusCode()).as(body(put)).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(db.toString());

    var head = send(server.request("/v2/test/chunks/blobs/" + db).method("HEAD", BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(b.length));
    assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(db.toString());

    var full = send(server.request("/v2/test/chunks/blobs/" + db).GET());
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(b);
    var ranged = send(server.request("/v2/test/chunks/blobs/" + db).header("Range", "bytes=1000-1999").GET());
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + b.length);
    assertThat(ranged.body()).isEqualTo(java.util.Arrays.copyOfRange(b, 1000, 2000));
    var tail = send(server.request("/v2/test/chunks/blobs/" + da).header("Range", "bytes=-10").GET());
    assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(a, a.length - 10, a.length));
    var unsatisfiable = send(server.request("/v2/test/chunks/blobs/" + da).header("Range", "bytes=999999999-").GET());
    assertThat(unsatisfiable.statusCode()).isEqualTo(416);
    assertThat(unsatisfiable.headers().firstValue("Content-Range")).hasValue("bytes */" + a.length);
  }

  @Test
  void crossRepositoryMountLinksWithoutUpload() throws Exception {
    byte[] a = random(5000, 3);
    Digest d = pushBlob("test/source", a);
    var unknownInTarget = send(server.request("/v2/test/target/blobs/" + d).method("HEAD", BodyPublishers.noBody()));
    assertThat(unknownInTarget.statusCode()).isEqualTo(404);
    var mount = send(server.request("/v2/test/target/blobs/uploads/?mount=" + d + "&from=test/source").POST(BodyPublishers.noBody()));
    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(mount.headers().firstValue("Location")).hasValue("/v2/test/target/blobs/" + d);
    assertThat(send(server.request("/v2/test/target/blobs/" + d).GET()).body()).isEqualTo(a);
    // from a repository without the blob: an ordinary upload starts
    var fallback = send(server.request("/v2/test/target2/blobs/uploads/?mount=" + d + "&from=test/nothing").POST(BodyPublishers.noBody()));
    assertThat(fallback.statusCode()).isEqualTo(202);
  }

  @Test
  void manifestsOfEveryTypeTagsReferrersAndDeletes() throws Exception {
    String repo = "test/app";
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = random(10_000, 4);
    Digest dc = pushBlob(repo, config);
    Digest dl = pushBlob(repo, layer);

    // unknown blob in a manifest
    var missing = putManifest(repo, "broken", MediaType.OCI_MANIFEST,
        manifest(MediaType.OCI_MANIFEST, dc, config.length, Digest.sha256(new byte[] {1}), 1, ""));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(body(missing)).contains("MANIFEST_BLOB_UNKNOWN");
    var invalid = putManifest(repo, "broken", MediaType.OCI_MANIFEST, "{\"schemaVersion\":2}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(body(invalid)).startsWith("{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":");

    String oci = manifest(MediaType.OCI_MANIFEST, dc, config.length, dl, layer.length, "");
    var put = putManifest(repo, "v1", MediaType.OCI_MANIFEST, oci);
    assertThat(put.statusCode()).as(body(put)).isEqualTo(201);
    Digest ociDigest = Digest.sha256(oci.getBytes(StandardCharsets.UTF_8));
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(ociDigest.toString());
    assertThat(put.headers().firstValue("Location")).hasValue("/v2/" + repo + "/manifests/" + ociDigest);

    String docker = manifest(MediaType.DOCKER_MANIFEST, dc, config.length, dl, layer.length, "");
    Digest dockerDigest = Digest.sha256(docker.getBytes(StandardCharsets.UTF_8));
    assertThat(putManifest(repo, dockerDigest.toString(), MediaType.DOCKER_MANIFEST, docker).statusCode()).isEqualTo(201);
    assertThat(putManifest(repo, "sha256:" + "0".repeat(64), MediaType.DOCKER_MANIFEST, docker).statusCode()).isEqualTo(400);

    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + ociDigest + "\",\"size\":" + oci.length()
        + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
    assertThat(putManifest(repo, "multi", MediaType.OCI_INDEX, index).statusCode()).isEqualTo(201);
    String list = index.replace(MediaType.OCI_INDEX.value(), MediaType.DOCKER_MANIFEST_LIST.value());
    assertThat(putManifest(repo, "list", MediaType.DOCKER_MANIFEST_LIST, list).statusCode()).isEqualTo(201);

    // GET by tag and digest, HEAD, Accept negotiation
    var get = send(server.request("/v2/" + repo + "/manifests/v1").header("Accept", MediaType.OCI_MANIFEST.value()).GET());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(body(get)).isEqualTo(oci);
    assertThat(get.headers().firstValue("Content-Type")).hasValue(MediaType.OCI_MANIFEST.value());
    assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(ociDigest.toString());
    var head = send(server.request("/v2/" + repo + "/manifests/" + dockerDigest).method("HEAD", BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(docker.length()));
    var refused = send(server.request("/v2/" + repo + "/manifests/multi").header("Accept", MediaType.DOCKER_MANIFEST.value()).GET());
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(body(refused)).contains("MANIFEST_UNKNOWN");

    // an artifact referring to the image, and the referrers API
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Digest de = pushBlob(repo, empty);
    String artifact = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"artifactType\":\"application/vnd.example.sbom\","
        + "\"config\":{\"mediaType\":\"" + MediaType.OCI_EMPTY + "\",\"digest\":\"" + de + "\",\"size\":2},"
        + "\"layers\":[{\"mediaType\":\"" + MediaType.OCI_EMPTY + "\",\"digest\":\"" + de + "\",\"size\":2}],"
        + "\"subject\":{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + ociDigest + "\",\"size\":" + oci.length() + "},"
        + "\"annotations\":{\"org.example\":\"yes\"}}";
    Digest artifactDigest = Digest.sha256(artifact.getBytes(StandardCharsets.UTF_8));
    var pa = putManifest(repo, artifactDigest.toString(), MediaType.OCI_MANIFEST, artifact);
    assertThat(pa.statusCode()).as(body(pa)).isEqualTo(201);
    assertThat(pa.headers().firstValue("OCI-Subject")).hasValue(ociDigest.toString());
    var refs = send(server.request("/v2/" + repo + "/referrers/" + ociDigest).GET());
    assertThat(refs.statusCode()).isEqualTo(200);
    assertThat(refs.headers().firstValue("Content-Type")).hasValue(MediaType.OCI_INDEX.value());
    assertThat(body(refs)).contains(artifactDigest.toString()).contains("\"artifactType\":\"application/vnd.example.sbom\"")
        .contains("\"org.example\":\"yes\"");
    var filtered = send(server.request("/v2/" + repo + "/referrers/" + ociDigest + "?artifactType=application/vnd.other").GET());
    assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(body(filtered)).contains("\"manifests\":[]");
    assertThat(body(send(server.request("/v2/" + repo + "/referrers/" + dockerDigest).GET()))).contains("\"manifests\":[]");

    // tags list with pagination
    for (String t : List.of("a", "b", "c")) {
      assertThat(putManifest(repo, t, MediaType.OCI_MANIFEST, oci).statusCode()).isEqualTo(201);
    }
    var page = send(server.request("/v2/" + repo + "/tags/list?n=2").GET());
    assertThat(body(page)).isEqualTo("{\"name\":\"test/app\",\"tags\":[\"a\",\"b\"]}\n");
    assertThat(page.headers().firstValue("Link")).hasValue("</v2/test/app/tags/list?n=2&last=b>; rel=\"next\"");
    var rest = send(server.request("/v2/" + repo + "/tags/list?n=10&last=b").GET());
    assertThat(body(rest)).isEqualTo("{\"name\":\"test/app\",\"tags\":[\"c\",\"list\",\"multi\",\"v1\"]}\n");
    assertThat(rest.headers().firstValue("Link")).isEmpty();
    assertThat(send(server.request("/v2/" + repo + "/tags/list?n=x").GET()).statusCode()).isEqualTo(400);

    // deletes: tag, manifest by digest, blob
    assertThat(send(server.request("/v2/" + repo + "/manifests/a").DELETE()).statusCode()).isEqualTo(202);
    assertThat(send(server.request("/v2/" + repo + "/manifests/a").GET()).statusCode()).isEqualTo(404);
    assertThat(send(server.request("/v2/" + repo + "/manifests/" + dockerDigest).DELETE()).statusCode()).isEqualTo(202);
    assertThat(send(server.request("/v2/" + repo + "/manifests/" + dockerDigest).GET()).statusCode()).isEqualTo(404);
    assertThat(send(server.request("/v2/" + repo + "/manifests/" + dockerDigest).DELETE()).statusCode()).isEqualTo(404);
    Digest lonely = pushBlob(repo, random(100, 9));
    assertThat(send(server.request("/v2/" + repo + "/blobs/" + lonely).DELETE()).statusCode()).isEqualTo(202);
    var gone = send(server.request("/v2/" + repo + "/blobs/" + lonely).GET());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(body(gone)).isEqualTo("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\",\"detail\":\""
        + lonely + "\"}]}\n");
  }

  @Test
  void catalogPaginates() throws Exception {
    for (String r : List.of("cat/one", "cat/two", "cat/three")) {
      server.repositories.create(new dev.hallmark.oci.Repository(r));
    }
    var names = new ArrayList<String>();
    String next = "/v2/_catalog?n=1";
    for (int i = 0; i < 50 && next != null; i++) {
      var r = send(server.request(next).GET());
      assertThat(r.statusCode()).isEqualTo(200);
      names.add(body(r));
      next = r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
    }
    assertThat(String.join("", names)).contains("cat/one").contains("cat/three").contains("cat/two");
  }

  @Test
  void errorsFollowTheSpec() throws Exception {
    var badName = send(server.request("/v2/Upper/Case/manifests/latest").GET());
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(body(badName)).contains("\"code\":\"NAME_INVALID\"");
    var unknownName = send(server.request("/v2/no/such/manifests/latest").GET());
    assertThat(unknownName.statusCode()).isEqualTo(404);
    assertThat(body(unknownName)).contains("\"code\":\"NAME_UNKNOWN\"");
    var badDigest = send(server.request("/v2/test/app/blobs/sha256:abc").GET());
    assertThat(badDigest.statusCode()).isEqualTo(400);
    assertThat(body(badDigest)).contains("\"code\":\"DIGEST_INVALID\"");
    var unknownUpload = send(server.request("/v2/test/app/blobs/uploads/" + java.util.UUID.randomUUID()).GET());
    assertThat(unknownUpload.statusCode()).isEqualTo(404);
    assertThat(body(unknownUpload)).contains("\"code\":\"BLOB_UPLOAD_UNKNOWN\"");
    // the server answers 413 as soon as the declared length is over the limit and closes the
    // connection; a client still sending the body may see the close instead of the answer
    try {
      var tooLarge = putManifest("test/app", "huge", MediaType.OCI_MANIFEST, "{" + " ".repeat(5 << 20) + "}");
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(body(tooLarge)).contains("SIZE_INVALID");
    } catch (java.io.IOException closedWhileSending) {
      // acceptable; what matters is that nothing was stored
    }
    assertThat(send(server.request("/v2/test/app/manifests/huge").GET()).statusCode()).isEqualTo(404);
    var unsupported = send(server.request("/v2/test/app/tags/list").DELETE());
    assertThat(unsupported.statusCode()).isEqualTo(405);
    assertThat(body(unsupported)).contains("UNSUPPORTED");
  }

  @Test
  void deniedScopesAnswer401WithTheChallenge() throws Exception {
    ScopeCheck check = (c, scope) -> c.authorization().equals("Bearer good")
        ? new Decision.Allowed("alice")
        : new Decision.Denied(true, "Bearer realm=\"https://auth/token\",service=\"hallmark\",scope=\"" + scope.wire() + "\"", "");
    try (var guarded = new RegistryServer(dir.resolve("guarded"), RegistryConfig.defaults(), check)) {
      var r = guarded.send(guarded.request("/v2/a/b/manifests/latest").GET().build());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"https://auth/token\",service=\"hallmark\",scope=\"repository:a/b:pull\"");
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":\"UNAUTHORIZED\"");
      var ok = guarded.send(guarded.request("/v2/a/b/blobs/uploads/").header("Authorization", "Bearer good")
          .timeout(Duration.ofSeconds(10)).POST(BodyPublishers.noBody()).build());
      assertThat(ok.statusCode()).isEqualTo(202);
    }
  }

  @Test
  void createOnPushOffRefusesUnknownRepositories() throws Exception {
    var config = new RegistryConfig(false, 4 << 20, true, Duration.ofDays(1), Duration.ofHours(1));
    try (var closed = new RegistryServer(dir.resolve("closed"), config, ScopeCheck.ALLOW_ALL)) {
      var r = closed.send(closed.request("/v2/x/y/blobs/uploads/").POST(BodyPublishers.noBody()).build());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("NAME_UNKNOWN");
      closed.repositories.create(new dev.hallmark.oci.Repository("x/y"));
      assertThat(closed.send(closed.request("/v2/x/y/blobs/uploads/").POST(BodyPublishers.noBody()).build()).statusCode())
          .isEqualTo(202);
    }
  }
}
