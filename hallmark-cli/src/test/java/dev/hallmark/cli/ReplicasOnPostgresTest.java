package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.oci.Digest;
import dev.hallmark.policy.Policy;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.ScopeCheck;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import dev.hallmark.testkit.Postgres;
import dev.hallmark.testkit.TestRepo;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.TufCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two replicas on one PostgreSQL, as README "Scale-out" sets them up: the same {@code --database-url},
 * one {@code --blob-dir}, the same {@code HALLMARK_SIGNER_PASSPHRASE}, and {@code <data-dir>/auth} and
 * {@code <data-dir>/ca} copied from the first replica; each keeps its own data directory and TLS.
 * Whatever is written through one replica is served by the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasOnPostgresTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String ALICE_PW = "alice-password-1";
  private static final String PW = "replica test passphrase";
  private static final Map<String, String> SERVER_ENV =
      Map.of("HALLMARK_SIGNER_PASSPHRASE", "shared signer passphrase", "HALLMARK_ADMIN_PASSWORD", ADMIN_PW);

  /** The system clock plus an offset the test moves: B's policy rules age without sleeping. */
  static final class SkewedClock extends Clock {
    volatile Duration skew = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(skew);
    }
  }

  /** One replica and a client that trusts its CA. */
  record Replica(TrustServerWiring.Running running, Path dataDir, HttpClient http) {
    String url() {
      return "https://127.0.0.1:" + running.port();
    }

    String ca() {
      return dataDir.resolve("tls").resolve("ca.crt").toString();
    }

    HttpResponse<byte[]> send(String method, String path, String authorization, byte[] body, String contentType)
        throws Exception {
      var r = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      if (authorization != null) {
        r.header("Authorization", authorization);
      }
      if (contentType != null) {
        r.header("Content-Type", contentType);
      }
      return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String authorization) throws Exception {
      return send("GET", path, authorization, null, null);
    }
  }

  private Path dir;
  private Postgres postgres;
  private final SkewedClock clockOfB = new SkewedClock();
  private Replica a;
  private Replica b;

  @BeforeAll
  void start() throws Exception {
    postgres = Postgres.startOrSkip();
    dir = Files.createTempDirectory("hallmark-replicas");
    String database = postgres.newDatabase();
    Path blobs = dir.resolve("blobs");
    a = replica(dir.resolve("a"), database, blobs, Clock.systemUTC());
    // what README "Scale-out" says to copy: the token signing key and the client-bundle CA
    for (String shared : List.of("auth", "ca")) {
      copyTree(a.dataDir().resolve(shared), dir.resolve("b").resolve(shared));
    }
    b = replica(dir.resolve("b"), database, blobs, clockOfB);
  }

  private static Replica replica(Path dataDir, String database, Path blobs, Clock clock) throws Exception {
    var settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dataDir, Optional.empty(), Optional.empty(),
        false, KeyAlgorithm.ECDSA, Optional.of(database), TrustApiConfig.DEFAULTS, "error")
        .withAuth(AuthSettings.TOKEN).withBlobDir(blobs);
    var running = TrustServerWiring.start(settings, clock, SERVER_ENV, new PrintWriter(new StringWriter()),
        RegistryConfig.defaults(), ScopeCheck.ALLOW_ALL);
    var http = HttpClient.newBuilder().sslContext(TestServer.trusting(dataDir.resolve("tls").resolve("ca.crt")))
        .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    return new Replica(running, dataDir, http);
  }

  @AfterAll
  void stop() throws Exception {
    for (Replica r : new Replica[] {a, b}) {
      if (r != null) {
        r.running().close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private int run(Map<String, String> extra, StringWriter out, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PW,
        "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PW, "DOCKER_CONTENT_TRUST_SNAPSHOT_PASSPHRASE", PW,
        "DOCKER_CONTENT_TRUST_TARGETS_PASSPHRASE", PW, "HOME", dir.toString(),
        "HALLMARK_USERNAME", "admin", "HALLMARK_PASSWORD", ADMIN_PW, "HALLMARK_NEW_PASSWORD", ALICE_PW));
    // notary's own variable for the trust commands' credentials
    env.put("NOTARY_AUTH", Base64.getEncoder().encodeToString(("admin:" + ADMIN_PW).getBytes(StandardCharsets.UTF_8)));
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PW);
    }
    env.putAll(extra);
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true), env);
  }

  private void ok(Map<String, String> env, String... args) {
    var out = new StringWriter();
    assertThat(run(env, out, args)).as(String.join(" ", args) + "\n" + out).isZero();
  }

  private static String basic(String user, String pw) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  private static String token(Replica r, String basic, String scope) throws Exception {
    var resp = r.get("/auth/token?service=hallmark&scope=" + scope, basic);
    String body = new String(resp.body(), StandardCharsets.UTF_8);
    assertThat(resp.statusCode()).as(body).isEqualTo(200);
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return "Bearer " + m.group(1);
  }

  @Test
  void trustDataPublishedThroughOneIsServedByteIdenticalByTheOther() throws Exception {
    String gun = "example.com/replicas/app";
    String trust = dir.resolve("trust-publish").toString();
    Path target = dir.resolve("payload.txt");
    Files.writeString(target, "replicated payload");
    ok(Map.of(), "-s", a.url(), "-d", trust, "--tlscacert", a.ca(), "init", gun);
    ok(Map.of(), "-s", a.url(), "-d", trust, "--tlscacert", a.ca(), "add", gun, "v1", target.toString());
    ok(Map.of(), "-s", a.url(), "-d", trust, "--tlscacert", a.ca(), "publish", gun);

    String pull = token(a, basic("admin", ADMIN_PW), "repository:" + gun + ":pull");
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      var fromA = a.get("/v2/" + gun + "/_trust/tuf/" + role + ".json", pull);
      var fromB = b.get("/v2/" + gun + "/_trust/tuf/" + role + ".json", pull); // a token of A, accepted by B
      assertThat(fromA.statusCode()).as(role).isEqualTo(200);
      assertThat(fromB.statusCode()).as(role).isEqualTo(200);
      assertThat(Bytes.wrap(fromB.body())).as(role).isEqualTo(Bytes.wrap(fromA.body()));
    }
    // the notary-style client on B, from a fresh trust directory
    var listed = new StringWriter();
    assertThat(run(Map.of(), listed, "-s", b.url(), "-d", dir.resolve("trust-list").toString(), "--tlscacert", b.ca(),
        "list", gun)).as(listed.toString()).isZero();
    assertThat(listed.toString()).contains("v1");
  }

  @Test
  void concurrentConflictingPublishesToBothHaveOneWinner() throws Exception {
    String gun = "example.com/replicas/race";
    String push = token(a, basic("admin", ADMIN_PW), "repository:" + gun + ":push,pull");
    var repo = new TestRepo(new Gun(gun), Clock.systemUTC(), TufCodec.decodePublicKey(Bytes.wrap(
        a.get("/v2/" + gun + "/_trust/tuf/timestamp.key", push).body())));
    repo.serverSnapshot = TufCodec.decodePublicKey(Bytes.wrap(a.get("/v2/" + gun + "/_trust/tuf/snapshot.key", push).body()));
    var first = TestServer.multipart(Map.of("root", repo.root(1).bytes().toArray(), "targets", repo.targets(1).bytes().toArray()));
    assertThat(a.send("POST", "/v2/" + gun + "/_trust/tuf/", push, first.bytes(), first.contentType()).statusCode())
        .isEqualTo(200);

    // two different targets of version 2, one to each replica at once
    List<TestServer.Multipart> updates = List.of(
        TestServer.multipart(Map.of("targets", repo.targets(2, "through-a").bytes().toArray())),
        TestServer.multipart(Map.of("targets", repo.targets(2, "through-b").bytes().toArray())));
    List<Replica> replicas = List.of(a, b);
    var go = new CountDownLatch(1);
    List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < 2; i++) {
        var r = replicas.get(i);
        var u = updates.get(i);
        answers.add(pool.submit(() -> {
          go.await();
          return r.send("POST", "/v2/" + gun + "/_trust/tuf/", push, u.bytes(), u.contentType());
        }));
      }
      go.countDown();
    }
    List<Integer> statuses = new ArrayList<>();
    String refusal = "";
    for (var f : answers) {
      var resp = f.get();
      statuses.add(resp.statusCode());
      if (resp.statusCode() != 200) {
        refusal = new String(resp.body(), StandardCharsets.UTF_8);
      }
    }
    assertThat(statuses).containsExactlyInAnyOrder(200, 400);
    assertThat(refusal).contains("\"code\":\"VERSION\"");
    var targetsOnA = a.get("/v2/" + gun + "/_trust/tuf/targets.json", push);
    var targetsOnB = b.get("/v2/" + gun + "/_trust/tuf/targets.json", push);
    assertThat(Bytes.wrap(targetsOnB.body())).isEqualTo(Bytes.wrap(targetsOnA.body()));
    assertThat(new String(targetsOnA.body(), StandardCharsets.UTF_8)).containsAnyOf("through-a", "through-b");
  }

  @Test
  void imagePushedToOneIsPulledFromTheOther() throws Exception {
    Path layout = dir.resolve("layout");
    Digest digest = ImagePushPullTest.ociLayout(layout, "v1", "replicated layer");
    Map<String, String> admin = Map.of("REGISTRY_AUTH",
        Base64.getEncoder().encodeToString(("admin:" + ADMIN_PW).getBytes(StandardCharsets.UTF_8)));
    var out = new StringWriter();
    assertThat(run(admin, out, "-d", dir.resolve("trust-push").toString(), "--tlscacert", a.ca(),
        "push", layout.toString(), "127.0.0.1:" + a.running().port() + "/admin/img:v1")).as(out.toString()).isZero();
    assertThat(out.toString()).contains(digest.toString());

    Path pulled = dir.resolve("pulled.tar");
    var pullOut = new StringWriter();
    assertThat(run(admin, pullOut, "-d", dir.resolve("trust-pull").toString(), "--tlscacert", b.ca(),
        "pull", "127.0.0.1:" + b.running().port() + "/admin/img:v1", "-o", pulled.toString())).as(pullOut.toString()).isZero();
    assertThat(ImageArchive.read(pulled, Optional.of("v1")).manifest())
        .isEqualTo(ImageArchive.read(layout, Optional.of("v1")).manifest());
  }

  @Test
  void anAccountCreatedOnOneLogsInOnTheOther() throws Exception {
    ok(Map.of(), "admin", "users", "create", "alice", "-s", a.url(), "--tlscacert", a.ca());
    // (the CLI reads the new user's password from HALLMARK_NEW_PASSWORD)
    String bearer = token(b, basic("alice", ALICE_PW), "repository:alice/app:pull");
    assertThat(bearer).startsWith("Bearer ");
    assertThat(b.get("/auth/token?service=hallmark", basic("alice", "wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void aPolicySetOnOneAppliesOnTheOtherWithinItsRefreshInterval() throws Exception {
    String scope = "replicated";
    assertThat(b.running().policies().policyFor(scope + "/app").policy()).isEqualTo(Policy.NONE);
    var put = a.send("PUT", "/api/v0/policies/" + scope, basic("admin", ADMIN_PW),
        "{\"requireContentTrust\":true}".getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(a.running().policies().policyFor(scope + "/app").scope()).as("at once where it was set").isEqualTo(scope);
    // B re-reads its rules when they are older than 5 s: move its clock instead of sleeping
    clockOfB.skew = clockOfB.skew.plus(Duration.ofSeconds(6));
    assertThat(b.running().policies().policyFor(scope + "/app").scope()).isEqualTo(scope);
    assertThat(b.running().policies().policyFor(scope + "/app").policy().requireContentTrust()).isTrue();
  }
}
