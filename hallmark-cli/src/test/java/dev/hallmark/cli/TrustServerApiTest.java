package dev.hallmark.cli;

import dev.hallmark.testkit.TestRepo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trust API of a real in-process server over HTTPS: every endpoint, hostile inputs (each a 4xx
 * JSON error that changes no byte served), concurrent publishes, and a restart on the same data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustServerApiTest {
  private static final String GUN = "example.com/app";
  private static final RoleName RELEASES = RoleName.of("targets/releases");
  private static final List<String> ROLES = List.of("root", "targets", "snapshot", "timestamp", "targets/releases");
  private static final long MAX_BODY = 1 << 20;

  private Path dir;
  private TestServer server;
  private TestRepo repo;
  private TestRepo.Key releasesKey = TestRepo.Key.plain();
  private int targetsVersion;
  private Map<String, String> before;

  @BeforeAll
  void start() throws Exception {
    dir = java.nio.file.Files.createTempDirectory("hallmark-api-test");
    server = new TestServer(dir.resolve("data"), new TrustApiConfig(300, 2_592_000, List.of(),
        new TrustApiConfig.Limits(MAX_BODY, MAX_BODY / 2, 64)), Clock.systemUTC());
    repo = new TestRepo(new Gun(GUN), Clock.systemUTC(), server.key(GUN, "timestamp"));
    repo.serverSnapshot = server.key(GUN, "snapshot");
    Signed<Targets> targets = repo.targets(RoleName.TARGETS, 1, TestRepo.delegations(Map.of(RELEASES, releasesKey)),
        TestRepo.targetMap("a"), repo.targets);
    Signed<Targets> rel = repo.targets(RELEASES, 1, Delegations.NONE, TestRepo.targetMap("v1"), releasesKey);
    targetsVersion = 1;
    assertThat(server.post(GUN, TestServer.multipart(files("root", repo.root(1), "targets", targets,
        "targets/releases", rel)))).satisfies(r -> assertThat(r.statusCode()).as(body(r)).isEqualTo(200));
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void remember() throws Exception {
    before = server.snapshotOf(GUN, ROLES);
  }

  private static Map<String, byte[]> files(Object... nameThenSigned) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenSigned.length; i += 2) {
      Object f = nameThenSigned[i + 1];
      m.put((String) nameThenSigned[i], f instanceof byte[] b ? b : ((Signed<?>) f).bytes().toArray());
    }
    return m;
  }

  private static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** The response is a 4xx with a single-error JSON body of that code, and nothing served changed. */
  private void assertRefused(HttpResponse<byte[]> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(body(r)).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(body(r)).endsWith("\n");
    Json j = JsonReader.forMetadata().parse(body(r).strip().getBytes(StandardCharsets.UTF_8));
    Json.Arr errors = (Json.Arr) ((Json.Obj) j).get("errors");
    assertThat(errors.items()).hasSize(1);
    if (code != null) {
      assertThat(((Json.Obj) errors.items().getFirst()).get("code")).isEqualTo(Json.of(code));
    }
    assertThat(r.body().length).isLessThan(1024);
    assertThat(server.snapshotOf(GUN, ROLES)).as("bytes served after a refused request").isEqualTo(before);
  }

  private HttpResponse<byte[]> postRaw(String gun, String contentType, byte[] body) throws Exception {
    var b = server.request("/v2/" + gun + "/_trust/tuf/").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return server.send(b.build());
  }

  // ---- endpoints

  @Test
  void pingHealthAndMetrics() throws Exception {
    var ping = server.get("/v2/");
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(body(ping)).isEqualTo("{}");
    var health = server.get("/_notary_server/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(body(health)).isEqualTo("{}");
    assertThat(health.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    var metrics = server.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(body(metrics)).contains("notary_server_http_requests_total").contains("operation=\"GetRole\"")
        .contains("operation=\"UpdateTUF\"");
  }

  @Test
  void fetchCurrentByChecksumAndByVersionServeTheSameBytes() throws Exception {
    for (String role : ROLES) {
      var current = server.get("/v2/" + GUN + "/_trust/tuf/" + role + ".json");
      assertThat(current.statusCode()).isEqualTo(200);
      assertThat(current.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(current.headers().firstValue("Cache-Control")).contains("public, max-age=300, s-maxage=300, must-revalidate");
      assertThat(current.headers().firstValue("Last-Modified")).hasValueSatisfying(v -> assertThat(v)
          .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"));
      String sha = Bytes.wrap(current.body()).sha256().hex();
      var byHash = server.get("/v2/" + GUN + "/_trust/tuf/" + role + "." + sha + ".json");
      assertThat(byHash.body()).isEqualTo(current.body());
      assertThat(byHash.headers().firstValue("Cache-Control")).contains("public, max-age=2592000, s-maxage=2592000");
      var upper = server.get("/v2/" + GUN + "/_trust/tuf/" + role + "." + sha.toUpperCase() + ".json");
      assertThat(upper.body()).isEqualTo(current.body());
    }
    assertThat(server.get("/v2/" + GUN + "/_trust/tuf/01.root.json").body())
        .isEqualTo(server.get("/v2/" + GUN + "/_trust/tuf/1.root.json").body());
    assertRefused(server.get("/v2/" + GUN + "/_trust/tuf/0.root.json"), 404, "METADATA_NOT_FOUND");
    assertRefused(server.get("/v2/" + GUN + "/_trust/tuf/root." + "a".repeat(128) + ".json"), 404, "METADATA_NOT_FOUND");
    assertRefused(server.get("/v2/" + GUN + "/_trust/tuf/targets/nope.json"), 404, "METADATA_NOT_FOUND");
    // a checksum of another GUN's role is not found (no checksum cache across GUNs)
    String rootSha = Bytes.wrap(server.get("/v2/" + GUN + "/_trust/tuf/root.json").body()).sha256().hex();
    assertRefused(server.get("/v2/example.com/other/_trust/tuf/root." + rootSha + ".json"), 404, "METADATA_NOT_FOUND");
    assertRefused(server.get("/v2/" + GUN + "/_trust/tuf/targets." + rootSha + ".json"), 404, "METADATA_NOT_FOUND");
  }

  @Test
  void routesMatchThePercentDecodedPath() throws Exception {
    // notary's router matches the decoded path: %72 is r, so these name the same files
    var root = server.get("/v2/" + GUN + "/_trust/tuf/root.json");
    assertThat(server.get("/v2/" + GUN + "/_trust/tuf/%72oot.json").body()).isEqualTo(root.body());
    assertThat(server.get("/v2/" + GUN + "/_trust/tuf/root%2Ejson").body()).isEqualTo(root.body());
    assertThat(server.get("/v2/" + GUN + "/_%74rust/tuf/1.root.json").body()).isEqualTo(root.body());
    assertThat(server.get("/v2/" + GUN.replace("e", "%65") + "/_trust/tuf/root.json").body()).isEqualTo(root.body());
    assertThat(server.get("/v2/" + GUN + "/_trust/tuf/targets/%72eleases.json").body())
        .isEqualTo(server.get("/v2/" + GUN + "/_trust/tuf/targets/releases.json").body());
    assertThat(server.get("/v2/" + GUN + "/_trust/tuf/timestamp%2Ekey").statusCode()).isEqualTo(200);
    // an encoded percent sign is refused (by Jetty, as ambiguous)
    var pct = server.get("/v2/" + GUN + "%25/_trust/tuf/root.json");
    assertThat(pct.statusCode()).isBetween(400, 499);
    assertRefused(pct, pct.statusCode(), null);
  }

  @Test
  void keyEndpoints() throws Exception {
    var get = server.get("/v2/" + GUN + "/_trust/tuf/timestamp.key");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(body(get)).matches("\\{\"keytype\":\"ecdsa\",\"keyval\":\\{\"public\":\"[A-Za-z0-9+/=]+\",\"private\":null}}");
    assertThat(server.key(GUN, "timestamp")).isEqualTo(repo.timestamp);
    var rotated = server.send(server.request("/v2/" + GUN + "/_trust/tuf/snapshot.key")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(rotated.statusCode()).isEqualTo(200);
    assertThat(server.key(GUN, "snapshot")).as("rotation takes effect only with a root").isEqualTo(repo.serverSnapshot);
    assertRefused(server.get("/v2/" + GUN + "/_trust/tuf/root.key"), 404, "METADATA_NOT_FOUND");
  }

  @Test
  void changefeeds() throws Exception {
    var all = server.get("/v2/_trust/changefeed?records=10");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(body(all)).matches("\\{\"count\":\\d+,\"records\":\\[.*]}")
        .contains("\"GUN\":\"" + GUN + "\"").contains("\"Category\":\"update\"");
    assertThat(body(all)).containsPattern("\\{\"ID\":\"\\d+\",\"CreatedAt\":\"[^\"]+Z\",\"GUN\":\"[^\"]+\",\"Version\":\\d+,"
        + "\"SHA256\":\"[0-9a-f]{64}\",\"Category\":\"update\"}");
    var unknown = server.get("/v2/example.com/nobody/_trust/changefeed?records=10");
    assertThat(body(unknown)).isEqualTo("{\"count\":0,\"records\":[]}");
    assertRefused(server.get("/v2/_trust/changefeed"), 400, "INVALID_PARAMETERS");
    assertRefused(server.get("/v2/_trust/changefeed?records=abc"), 400, "INVALID_PARAMETERS");
    assertRefused(server.get("/v2/_trust/changefeed?records=10&change_id=x"), 400, "INVALID_PARAMETERS");
    assertRefused(server.get("/v2/_trust/changefeed?records=99999999999"), 400, "INVALID_PARAMETERS");
  }

  @Test
  void deleteRemovesExactlyOneGun() throws Exception {
    for (String gun : List.of("example.com/del", "example.com/delete")) {
      TestRepo r = new TestRepo(new Gun(gun), Clock.systemUTC(), server.key(gun, "timestamp"));
      r.serverSnapshot = server.key(gun, "snapshot");
      assertThat(server.post(gun, TestServer.multipart(files("root", r.root(1), "targets", r.targets(1)))).statusCode())
          .isEqualTo(200);
    }
    var apple = server.snapshotOf("example.com/delete", List.of("root", "targets", "snapshot", "timestamp"));
    var del = server.send(server.request("/v2/example.com/del/_trust/tuf/").DELETE().build());
    assertThat(del.statusCode()).isEqualTo(200);
    assertThat(del.body()).isEmpty();
    assertThat(server.get("/v2/example.com/del/_trust/tuf/root.json").statusCode()).isEqualTo(404);
    var after = server.snapshotOf("example.com/delete", List.of("root", "targets", "snapshot", "timestamp"));
    apple.remove("changefeed");
    after.remove("changefeed");
    assertThat(after).isEqualTo(apple);
    assertThat(body(server.get("/v2/example.com/del/_trust/changefeed?records=-1"))).contains("\"Category\":\"deletion\"")
        .contains("\"Version\":0,\"SHA256\":\"\"");
    assertThat(server.send(server.request("/v2/example.com/never/_trust/tuf/").DELETE().build()).statusCode()).isEqualTo(200);
  }

  // ---- hostile inputs

  @Test
  void refusesNonMultipartAndMalformedMultipart() throws Exception {
    assertRefused(postRaw(GUN, "application/json", "{}".getBytes()), 400, "MALFORMED_UPLOAD");
    assertRefused(postRaw(GUN, null, "x".getBytes()), 400, "MALFORMED_UPLOAD");
    assertRefused(postRaw(GUN, "multipart/form-data", "x".getBytes()), 400, "MALFORMED_UPLOAD");
    var mm = TestServer.multipart(files("targets", repo.targets(9)));
    assertRefused(postRaw(GUN, mm.contentType().replace("multipart/form-data", "multipart/form-datax"), mm.bytes()),
        400, "MALFORMED_UPLOAD");
    var m = TestServer.multipart(files("targets", repo.targets(9)));
    assertRefused(postRaw(GUN, m.contentType(), "garbage without any boundary".getBytes()), 400, null);
    byte[] full = m.bytes();
    byte[] truncated = java.util.Arrays.copyOf(full, full.length / 2);
    assertRefused(postRaw(GUN, m.contentType(), truncated), 400, null);
    assertRefused(postRaw(GUN, "multipart/form-data; boundary=\"\"", full), 400, null);
    String badHeaders = "--" + m.boundary + "\r\nContent-Disposition form-data broken\r\n\r\nx\r\n--" + m.boundary + "--\r\n";
    assertRefused(postRaw(GUN, m.contentType(), badHeaders.getBytes()), 400, null);
  }

  @Test
  void refusesPartsWithoutOrWithBadFilenames() throws Exception {
    var noName = new TestServer.Multipart().part("form-data; name=\"files\"", repo.targets(9).bytes().toArray());
    assertRefused(server.post(GUN, noName), 400, "NO_FILENAME");
    var foo = TestServer.multipart(files("foo", repo.targets(9)));
    var r = server.post(GUN, foo);
    assertRefused(r, 400, "INVALID_ROLE");
    assertThat(body(r)).contains("\"detail\":\"foo\"");
    assertRefused(server.post(GUN, TestServer.multipart(files("targets/Upper", repo.targets(9)))), 400, "INVALID_ROLE");
    assertRefused(server.post(GUN, TestServer.multipart(files("targets/../root", repo.targets(9)))), 400, "INVALID_ROLE");
    assertRefused(server.post(GUN, TestServer.multipart(files("<".repeat(3000), repo.targets(9)))), 400, "INVALID_ROLE");
  }

  @Test
  void reportsTheFirstBadPartInUploadOrder() throws Exception {
    // notary checks each part's name and JSON before looking at the next part
    var jsonFirst = new TestServer.Multipart()
        .part("form-data; name=\"files\"; filename=\"targets\"", "not json".getBytes())
        .part("form-data; name=\"files\"; filename=\"foo\"", repo.targets(9).bytes().toArray());
    assertRefused(server.post(GUN, jsonFirst), 400, "MALFORMED_JSON");
    var roleFirst = new TestServer.Multipart()
        .part("form-data; name=\"files\"; filename=\"foo\"", repo.targets(9).bytes().toArray())
        .part("form-data; name=\"files\"; filename=\"targets\"", "not json".getBytes());
    assertRefused(server.post(GUN, roleFirst), 400, "INVALID_ROLE");
    var timestampFirst = new TestServer.Multipart()
        .part("form-data; name=\"files\"; filename=\"timestamp\"", "not json".getBytes())
        .part("form-data; name=\"files\"", repo.targets(9).bytes().toArray());
    assertRefused(server.post(GUN, timestampFirst), 400, "MALFORMED_JSON");
  }

  @Test
  void refusesTwoPartsForOneRole() throws Exception {
    var m = new TestServer.Multipart()
        .part("form-data; name=\"files\"; filename=\"targets\"", repo.targets(9, "x").bytes().toArray())
        .part("form-data; name=\"files\"; filename=\"targets.json\"", repo.targets(9, "y").bytes().toArray());
    assertRefused(server.post(GUN, m), 400, "MALFORMED_UPLOAD");
  }

  @Test
  void refusesTooManyParts() throws Exception {
    var m = new TestServer.Multipart();
    for (int i = 0; i < 1000; i++) {
      m.part("form-data; name=\"files\"; filename=\"targets/p" + i + "\"", "{}".getBytes());
    }
    var r = server.post(GUN, m);
    assertRefused(r, 413, "TOO_LARGE");
    assertThat(body(r)).contains("more than 64 parts");
  }

  @Test
  void refusesDeepDuplicateAndNonJsonParts() throws Exception {
    byte[] deep = ("{\"signed\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"signatures\":[]}").getBytes();
    assertRefused(server.post(GUN, TestServer.multipart(files("targets", deep))), 400, "MALFORMED_JSON");
    String t = new String(repo.targets(9).bytes().toArray(), StandardCharsets.UTF_8);
    byte[] dup = t.replace("{\"signed\":{", "{\"signed\":{\"version\":1,").getBytes(StandardCharsets.UTF_8);
    assertRefused(server.post(GUN, TestServer.multipart(files("targets", dup))), 400, "MALFORMED_JSON");
    var notJson = server.post(GUN, TestServer.multipart(files("targets", "not json".getBytes())));
    assertRefused(notJson, 400, "MALFORMED_JSON");
    // the reference's body exactly: no detail
    assertThat(body(notJson)).isEqualTo("{\"errors\":[{\"code\":\"MALFORMED_JSON\",\"message\":\"JSON sent by the"
        + " client could not be parsed by the server\"}]}\n");
    byte[] ctl = t.replace("\"targets\":{", "\"targets\":{\"a\u0001b\":{\"hashes\":{},\"length\":0},")
        .getBytes(StandardCharsets.UTF_8);
    assertRefused(server.post(GUN, TestServer.multipart(files("targets", ctl))), 400, null);
  }

  @Test
  void refusesInvalidUpdatesWithTheirValidationDetail() throws Exception {
    // unsigned-by-owner targets, an undelegated role, a root skipping a version, a snapshot the server holds
    var bad = server.post(GUN, TestServer.multipart(files("targets",
        repo.targets(RoleName.TARGETS, 100_000, Delegations.NONE, TestRepo.targetMap(), TestRepo.Key.plain()))));
    assertRefused(bad, 400, "INVALID_UPDATE");
    assertThat(body(bad)).contains("\"Name\":\"ErrBadTargets\"").contains("valid signatures did not meet threshold for targets");
    var bob = server.post(GUN, TestServer.multipart(files("targets/bob",
        repo.targets(RoleName.of("targets/bob"), 1, Delegations.NONE, TestRepo.targetMap(), TestRepo.Key.plain()))));
    assertRefused(bob, 400, "INVALID_UPDATE");
    assertThat(body(bob)).contains("tuf: invalid role targets/bob. delegation does not exist");
    var root3 = server.post(GUN, TestServer.multipart(files("root", repo.root(3))));
    assertRefused(root3, 400, "INVALID_UPDATE");
    assertThat(body(root3)).contains("Root modifications must increment the version. Current 1, new 3");
    var old = server.post(GUN, TestServer.multipart(files("targets", repo.targets(1))));
    assertRefused(old, 400, "VERSION");
    assertThat(body(old)).contains("\"detail\":{}");
  }

  @Test
  void refusesOversizedBodyDeclaredUpFront() throws Exception {
    // the head alone: the answer must come before any body byte is sent
    String response = rawRequest("POST /v2/" + GUN + "/_trust/tuf/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: " + new TestServer.Multipart().contentType() + "\r\nContent-Length: " + (MAX_BODY + 10)
        + "\r\n\r\n", 0);
    assertThat(response).startsWith("HTTP/1.1 413").contains("\"code\":\"TOO_LARGE\"");
    assertThat(server.snapshotOf(GUN, ROLES)).isEqualTo(before);
  }

  @Test
  void refusesOversizedBodyWhileItStreams() throws Exception {
    // chunked, no Content-Length: the server must stop reading at the limit and answer 413
    String response = rawRequest("POST /v2/" + GUN + "/_trust/tuf/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: " + new TestServer.Multipart().contentType() + "\r\nTransfer-Encoding: chunked\r\n\r\n",
        MAX_BODY * 64);
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response).contains("\"code\":\"TOO_LARGE\"");
    assertThat(server.snapshotOf(GUN, ROLES)).isEqualTo(before);
  }

  /** Sends the head, then up to {@code maxBody} bytes of chunks until the server answers; returns its answer. */
  private String rawRequest(String head, long maxBody) throws Exception {
    var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    var f = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    var ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = java.nio.file.Files.newInputStream(server.caCert())) {
      ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    f.init(ks);
    ctx.init(null, f.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      String prefix = Integer.toHexString(chunk.length) + "\r\n";
      long sent = 0;
      try {
        while (maxBody > 0 && sent < maxBody) {
          out.write(prefix.getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          sent += chunk.length;
          if (sent % (1 << 20) == 0) {
            out.flush();
          }
        }
        if (maxBody > 0) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // the server answered and closed before the body ended: read what it said
      }
      if (maxBody > 0) {
        assertThat(sent).as("server must stop the upload long before it ends").isLessThan(maxBody);
      }
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  @Test
  void refusesWeirdGuns() throws Exception {
    var m = TestServer.multipart(files("targets", repo.targets(9)));
    for (String gun : List.of("a".repeat(256), "example.com/a%20b", "example.com/a%2Ab", "example.com/a%01b",
        "example.com/_trust/x", "example.com//app", "example.com/%2E%2E/app", "%2Fabs")) {
      var r = server.post(gun, m);
      assertThat(r.statusCode()).as(gun + " " + body(r)).isBetween(400, 499);
      assertRefused(r, r.statusCode(), null);
      var g = server.get("/v2/" + gun + "/_trust/tuf/root.json");
      assertThat(g.statusCode()).as(gun).isBetween(400, 499);
      assertRefused(g, g.statusCode(), null);
    }
    assertRefused(server.post("a".repeat(256), m), 400, "INVALID_GUN");
  }

  @Test
  void dotSegmentsGetNoRedirect() throws Exception {
    for (String path : List.of("/v2/example.com/x/../app/_trust/tuf/root.json", "/v2/example.com/./app/_trust/tuf/root.json",
        "/v2//example.com/app/_trust/tuf/root.json", "/v2/example.com/app/_trust/tuf/../tuf/root.json",
        "/v2/example.com/%2e%2e/app/_trust/tuf/root.json")) {
      String response = rawGet(path);
      assertThat(response).as(path).matches("(?s)HTTP/1.1 4\\d\\d .*").doesNotContain("Location:");
      assertThat(response).as(path).contains("application/json").contains("{\"errors\":[{\"code\":");
    }
  }

  private String rawGet(String path) throws Exception {
    String r = rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 0);
    return r;
  }

  @Test
  void badMethodsAndHead() throws Exception {
    var patch = server.send(server.request("/v2/" + GUN + "/_trust/tuf/root.json")
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    assertRefused(patch, 405, "METHOD_NOT_ALLOWED");
    var options2 = server.send(server.request("/v2/" + GUN + "/_trust/changefeed?records=1")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertRefused(options2, 405, "METHOD_NOT_ALLOWED");
    var options = server.send(server.request("/v2/").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(options.statusCode()).isEqualTo(405);
    var head = server.send(server.request("/v2/" + GUN + "/_trust/tuf/root.json").HEAD().build());
    assertThat(head.statusCode()).isEqualTo(404);
    var put = server.send(server.request("/v2/" + GUN + "/_trust/tuf/").PUT(HttpRequest.BodyPublishers.ofString("x")).build());
    assertRefused(put, 404, "METADATA_NOT_FOUND");
    assertThat(body(put)).isEqualTo("{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"You have requested"
        + " metadata that does not exist.\"}]}\n");
    assertRefused(server.get("/v2/" + GUN + "/_trust/tuf"), 404, "METADATA_NOT_FOUND");
    assertThat(server.snapshotOf(GUN, ROLES)).isEqualTo(before);
  }

  // ---- concurrency and restart

  @Test
  void concurrentConflictingPublishesLetExactlyOneWin() throws Exception {
    int version = ++targetsVersion + 100;
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<byte[]>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        var m = TestServer.multipart(files("targets", repo.targets(RoleName.TARGETS, version,
            TestRepo.delegations(Map.of(RELEASES, releasesKey)), TestRepo.targetMap("t" + i), repo.targets)));
        results.add(pool.submit(() -> {
          go.await();
          return server.post(GUN, m);
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (var f : results) {
        var r = f.get(60, TimeUnit.SECONDS);
        statuses.add(r.statusCode());
        if (r.statusCode() != 200) {
          assertThat(body(r)).contains("\"code\":\"VERSION\"");
        }
      }
      assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 400);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void restartServesIdenticalBytesAndAcceptsTheNextPublish() throws Exception {
    server.restart();
    assertThat(server.snapshotOf(GUN, ROLES)).isEqualTo(before);
    assertThat(server.key(GUN, "timestamp")).isEqualTo(repo.timestamp);
    int v = ++targetsVersion + 200;
    var r = server.post(GUN, TestServer.multipart(files("targets", repo.targets(RoleName.TARGETS, v,
        TestRepo.delegations(Map.of(RELEASES, releasesKey)), TestRepo.targetMap("after-restart"), repo.targets))));
    assertThat(r.statusCode()).as(body(r)).isEqualTo(200);
    assertThat(new String(server.get("/v2/" + GUN + "/_trust/tuf/targets.json").body(), StandardCharsets.UTF_8))
        .contains("after-restart");
  }
}
