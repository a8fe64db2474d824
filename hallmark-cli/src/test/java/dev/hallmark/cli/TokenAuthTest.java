package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with token auth on, as {@code hallmark server} starts it by default: the first admin,
 * accounts made through {@code hallmark admin}, challenges per route (reference sections 2.1 and 8),
 * grants, and the real {@code notary} 0.7 with {@code NOTARY_AUTH}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAuthTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String ALICE_PW = "alice-password-1";
  private static final String BOB_PW = "bob-password-12";
  private static final Path NOTARY = Path.of("/usr/bin/notary");

  private Path dir;
  private TrustServerWiring.Running running;
  private HttpClient client;
  private String url;
  private Path ca;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    var settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dir.resolve("data"), Optional.empty(),
        Optional.empty(), false, KeyAlgorithm.ECDSA, Optional.empty(), TrustApiConfig.DEFAULTS, "error")
        .withAuth(AuthSettings.TOKEN);
    var err = new StringWriter();
    running = TrustServerWiring.start(settings, Clock.systemUTC(),
        Map.of("HALLMARK_SIGNER_PASSPHRASE", "test passphrase", "HALLMARK_ADMIN_PASSWORD", ADMIN_PW), new PrintWriter(err));
    assertThat(err.toString()).as("a given admin password is not printed").isEmpty();
    url = "https://127.0.0.1:" + running.port();
    ca = dir.resolve("data/tls/ca.crt");
    client = HttpClient.newBuilder().sslContext(TestServer.trusting(ca)).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    admin("users", "create", "alice");
    admin(Map.of("HALLMARK_NEW_PASSWORD", BOB_PW), "users", "create", "bob");
    admin("repos", "create", "alice/pub", "--public");
    admin("repos", "create", "alice/priv");
    admin("orgs", "create", "acme");
    admin("teams", "create", "acme", "devs");
    admin("members", "add", "acme", "bob", "--team", "devs");
    admin("repos", "create", "acme/app");
    admin("repos", "access", "acme/app", "devs", "read-write");
  }

  @AfterAll
  void stop() throws Exception {
    if (running != null) {
      running.close();
    }
  }

  private String admin(String... args) {
    return admin(Map.of(), args);
  }

  private String admin(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("HALLMARK_USERNAME", "admin", "HALLMARK_PASSWORD", ADMIN_PW,
        "HALLMARK_NEW_PASSWORD", ALICE_PW));
    env.putAll(extraEnv);
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("-s", url, "--tlscacert", ca.toString()));
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), env);
    assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
    return out.toString();
  }

  private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String pw) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  private String token(String basic, String... scopes) throws Exception {
    var q = new StringBuilder("/auth/token?service=hallmark");
    for (String s : scopes) {
      q.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = send("GET", q.toString(), basic);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).isTrue();
    assertThat(r.body()).contains("\"access_token\":\"" + m.group(1) + "\"").contains("\"expires_in\":300").contains("\"issued_at\":");
    return "Bearer " + m.group(1);
  }

  private String challenge(String scope, String error) {
    return "Bearer realm=\"" + url + "/auth/token\",service=\"hallmark\",scope=\"" + scope + "\""
        + (error == null ? "" : ",error=\"" + error + "\"");
  }

  private void assertChallenge(String method, String path, String auth, String scope, String error) throws Exception {
    HttpResponse<String> r = send(method, path, auth);
    assertThat(r.statusCode()).as(method + " " + path).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate")).as(method + " " + path).hasValue(challenge(scope, error));
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(r.body()).startsWith("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":[");
  }

  @Test
  void challengesPerRouteAsNotaryServer() throws Exception {
    String g = "example.com/app";
    assertChallenge("GET", "/v2/", null, "registry:catalog:*", null);
    assertChallenge("POST", "/v2/" + g + "/_trust/tuf/", null, "repository:" + g + ":push,pull", null);
    assertChallenge("GET", "/v2/" + g + "/_trust/tuf/root.json", null, "repository:" + g + ":pull", null);
    assertChallenge("GET", "/v2/" + g + "/_trust/tuf/2.targets.json", null, "repository:" + g + ":pull", null);
    assertChallenge("GET", "/v2/" + g + "/_trust/tuf/root." + "a".repeat(64) + ".json", null, "repository:" + g + ":pull", null);
    assertChallenge("GET", "/v2/" + g + "/_trust/tuf/timestamp.key", null, "repository:" + g + ":push,pull", null);
    assertChallenge("POST", "/v2/" + g + "/_trust/tuf/snapshot.key", null, "repository:" + g + ":*", null);
    assertChallenge("DELETE", "/v2/" + g + "/_trust/tuf/", null, "repository:" + g + ":*", null);
    assertChallenge("GET", "/v2/" + g + "/_trust/changefeed", null, "repository:" + g + ":pull", null);
    assertChallenge("GET", "/v2/_trust/changefeed", null, "registry:catalog:*", null);
    assertChallenge("GET", "/nothing/here", null, "registry:catalog:*", null);
    // Basic credentials are ignored by the filter: a plain challenge
    assertChallenge("GET", "/v2/", basic("alice", ALICE_PW), "registry:catalog:*", null);
    // registry routes on the same origin
    assertChallenge("GET", "/v2/alice/app/manifests/latest", null, "repository:alice/app:pull", null);
    assertChallenge("PUT", "/v2/alice/app/manifests/latest", null, "repository:alice/app:pull,push", null);
    assertChallenge("DELETE", "/v2/alice/app/blobs/sha256:" + "0".repeat(64), null, "repository:alice/app:delete", null);
    assertChallenge("GET", "/v2/_catalog", null, "registry:catalog:*", null);

    HttpResponse<String> r = send("POST", "/v2/" + g + "/_trust/tuf/", null);
    assertThat(r.body()).isEqualTo("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":["
        + "{\"Type\":\"repository\",\"Class\":\"\",\"Name\":\"example.com/app\",\"Action\":\"push\"},"
        + "{\"Type\":\"repository\",\"Class\":\"\",\"Name\":\"example.com/app\",\"Action\":\"pull\"}]}]}\n");
    assertThat(send("GET", "/_notary_server/health", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/metrics", null).statusCode()).isEqualTo(200);
    assertThat(send("PATCH", "/v2/" + g + "/_trust/tuf/", null).statusCode()).isEqualTo(405);
  }

  @Test
  void tokensGrantOnlyWhatTheAccountMay() throws Exception {
    String alice = basic("alice", ALICE_PW);
    // a pull token cannot push
    String pull = token(alice, "repository:reg.test/alice/app:pull");
    assertThat(send("GET", "/v2/reg.test/alice/app/_trust/tuf/root.json", pull).statusCode()).isEqualTo(404);
    assertChallenge("POST", "/v2/reg.test/alice/app/_trust/tuf/", pull, "repository:reg.test/alice/app:push,pull", "insufficient_scope");
    // a token for repository A cannot read B
    assertChallenge("GET", "/v2/reg.test/alice/other/_trust/tuf/root.json", pull, "repository:reg.test/alice/other:pull",
        "insufficient_scope");
    // the owner gets everything in their namespace
    String all = token(alice, "repository:reg.test/alice/app:*");
    assertThat(send("DELETE", "/v2/reg.test/alice/app/_trust/tuf/", all).statusCode()).isEqualTo(200);
    // bob gets nothing on alice's private repository and only pull on her public one
    String bob = basic("bob", BOB_PW);
    String bobs = token(bob, "repository:alice/priv:pull", "repository:alice/pub:push,pull");
    assertChallenge("GET", "/v2/alice/priv/_trust/tuf/root.json", bobs, "repository:alice/priv:pull", "insufficient_scope");
    assertThat(send("GET", "/v2/alice/pub/_trust/tuf/root.json", bobs).statusCode()).isEqualTo(404);
    assertChallenge("POST", "/v2/alice/pub/_trust/tuf/", bobs, "repository:alice/pub:push,pull", "insufficient_scope");
    // team read-write gives bob push on acme/app, not delete
    String team = token(bob, "repository:acme/app:push,pull,*");
    assertThat(send("GET", "/v2/acme/app/_trust/tuf/timestamp.key", team).statusCode()).isEqualTo(200);
    assertChallenge("DELETE", "/v2/acme/app/_trust/tuf/", team, "repository:acme/app:*", "insufficient_scope");
    // anonymous: public pull only; the catalog for admins only
    String anon = token(null, "repository:alice/pub:pull", "repository:alice/priv:pull", "registry:catalog:*");
    assertThat(send("GET", "/v2/alice/pub/_trust/tuf/root.json", anon).statusCode()).isEqualTo(404);
    assertChallenge("GET", "/v2/alice/priv/_trust/tuf/root.json", anon, "repository:alice/priv:pull", "insufficient_scope");
    assertChallenge("GET", "/v2/_trust/changefeed", token(alice, "registry:catalog:*"), "registry:catalog:*", "insufficient_scope");
    String adminCatalog = token(basic("admin", ADMIN_PW), "registry:catalog:*");
    assertThat(send("GET", "/v2/_trust/changefeed?records=10", adminCatalog).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v2/", adminCatalog).statusCode()).isEqualTo(200);
    // garbage and wrong passwords
    assertChallenge("GET", "/v2/", "Bearer not.a.token", "registry:catalog:*", "invalid_token");
    assertThat(send("GET", "/auth/token?service=hallmark&scope=repository:alice/pub:pull", basic("alice", "wrong")).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/auth/token?service=other", null).statusCode()).isEqualTo(400);
  }

  @Test
  void passwordGrantAndAdminApiAuth() throws Exception {
    var form = "grant_type=password&username=alice&password=" + ALICE_PW + "&service=hallmark&scope="
        + URLEncoder.encode("repository:alice/priv:pull", StandardCharsets.UTF_8) + "&client_id=test";
    var r = client.send(HttpRequest.newBuilder(URI.create(url + "/auth/token")).header("Content-Type",
        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"access_token\":");
    assertThat(send("GET", "/api/v0/accounts", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v0/accounts", basic("alice", ALICE_PW)).statusCode()).isEqualTo(403);
    var list = send("GET", "/api/v0/accounts", basic("admin", ADMIN_PW));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"name\":\"alice\"").doesNotContain("hash").doesNotContain(ALICE_PW);
    assertThat(send("GET", "/api/v0/accounts", token(basic("admin", ADMIN_PW))).statusCode()).isEqualTo(200);
    assertThat(admin("repos", "list")).contains("alice/pub").contains("public").contains("alice/priv");
    assertThat(admin("users", "list")).contains("alice").contains("acme");
  }

  // ---- the real notary 0.7 client

  private record Result(int exit, String out) {}

  private Result notary(String user, String pw, String... args) throws Exception {
    assumeFalse("false".equals(System.getProperty("hallmark.interop")), "hallmark.interop=false");
    assumeTrue(Files.isExecutable(NOTARY), "no notary binary");
    List<String> cmd = new ArrayList<>(List.of(NOTARY.toString(), "-s", url, "-d",
        dir.resolve("trust-" + (user == null ? "anon" : user)).toString(), "--tlscacert", ca.toString()));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      pb.environment().put("NOTARY_" + role + "_PASSPHRASE", "interop-passphrase-1");
    }
    pb.environment().remove("NOTARY_AUTH");
    if (user != null) {
      pb.environment().put("NOTARY_AUTH", Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8)));
    }
    Path log = Files.createTempFile(dir, "notary", ".txt");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  @Test
  void realNotaryWithAccounts() throws Exception {
    Path file = Files.writeString(dir.resolve("artifact.txt"), "hello");
    String pub = "registry.test/alice/pub";
    String priv = "registry.test/alice/priv";
    Result init = notary("alice", ALICE_PW, "init", pub, "-p");
    assertThat(init.exit()).as(init.out()).isZero();
    Result add = notary("alice", ALICE_PW, "add", pub, "v1", file.toString(), "-p");
    assertThat(add.exit()).as(add.out()).isZero();
    assertThat(notary("alice", ALICE_PW, "init", priv, "-p").exit()).isZero();

    // anyone may list the public repository
    Result list = notary(null, null, "list", pub);
    assertThat(list.exit()).as(list.out()).isZero();
    assertThat(list.out()).contains("v1");
    // nobody else may read the private one
    Result denied = notary(null, null, "list", priv);
    assertThat(denied.exit()).as(denied.out()).isNotZero();
    Result bobDenied = notary("bob", BOB_PW, "list", priv);
    assertThat(bobDenied.exit()).as(bobDenied.out()).isNotZero();

    // bob may not publish into alice's repository
    Result bobInit = notary("bob", BOB_PW, "init", "registry.test/alice/pub2", "-p");
    assertThat(bobInit.exit()).as(bobInit.out()).isNotZero();
    assertThat(bobInit.out().toLowerCase()).containsAnyOf("unauthorized", "401", "denied", "you are not authorized");
    // a wrong password is refused
    Result wrong = notary("alice", "wrong-password", "init", "registry.test/alice/other", "-p");
    assertThat(wrong.exit()).as(wrong.out()).isNotZero();
  }
}
