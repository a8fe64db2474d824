package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policy.Policy;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.TeamName;
import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy rules end to end: the admin API at {@code /api/v0/policies} (admins only), {@code hallmark admin
 * policy}, the server flags that set the global default, and the rules surviving a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyAdminTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String ALICE_PW = "alice-password-1";
  private static final Policy ADMINS = Policy.requireSignatures(List.of(TeamName.parse("dev/admin")));

  private Path tmp;
  private TrustServerWiring.Running running;
  private HttpClient client;
  private String url;
  private Path ca;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    running = start(settings(tmp.resolve("data")));
    admin("users", "create", "alice");
    admin("orgs", "create", "dev");
    admin("teams", "create", "dev", "admin");
    admin("teams", "create", "dev", "qa");
  }

  @AfterAll
  void stop() throws Exception {
    if (running != null) {
      running.close();
    }
  }

  private static ServerSettings settings(Path dataDir) {
    return new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dataDir, Optional.empty(), Optional.empty(), false,
        KeyAlgorithm.ECDSA, Optional.empty(), TrustApiConfig.DEFAULTS, "error").withAuth(AuthSettings.TOKEN);
  }

  private TrustServerWiring.Running start(ServerSettings s) throws Exception {
    var r = TrustServerWiring.start(s, Clock.systemUTC(),
        Map.of("HALLMARK_SIGNER_PASSPHRASE", "test passphrase", "HALLMARK_ADMIN_PASSWORD", ADMIN_PW,
            "HALLMARK_NEW_PASSWORD", ALICE_PW), new PrintWriter(new StringWriter()));
    url = "https://127.0.0.1:" + r.port();
    ca = s.dataDir().resolve("tls/ca.crt");
    client = HttpClient.newBuilder().sslContext(TestServer.trusting(ca)).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return r;
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("-s", url, "--tlscacert", ca.toString()));
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true),
        Map.of("HALLMARK_USERNAME", "admin", "HALLMARK_PASSWORD", ADMIN_PW, "HALLMARK_NEW_PASSWORD", ALICE_PW));
    return new Run(code, out.toString(), err.toString());
  }

  private String admin(String... args) {
    Run r = cli(args);
    assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r.out();
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> asAdmin(String method, String path, String body) throws Exception {
    return send(method, path, basic("admin", ADMIN_PW), body);
  }

  private static String basic(String user, String pw) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void adminsOnly() throws Exception {
    for (String[] route : List.of(new String[] {"GET", "/api/v0/policies"}, new String[] {"GET", "/api/v0/policies/_global"},
        new String[] {"PUT", "/api/v0/policies/dev"}, new String[] {"DELETE", "/api/v0/policies/dev"})) {
      String body = route[0].equals("PUT") ? "{\"requireContentTrust\":true}" : null;
      HttpResponse<String> anon = send(route[0], route[1], null, body);
      assertThat(anon.statusCode()).as("anonymous " + route[1]).isEqualTo(401);
      assertThat(anon.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"hallmark\"");
      assertThat(send(route[0], route[1], basic("alice", ALICE_PW), body).statusCode()).as("alice " + route[1]).isEqualTo(403);
      assertThat(send(route[0], route[1], basic("admin", "wrong-password"), body).statusCode()).isEqualTo(401);
    }
    assertThat(running.policies().policyFor("dev/app").scope()).as("nothing was set").isNotEqualTo("dev");
  }

  @Test
  void putGetListDelete() throws Exception {
    var put = asAdmin("PUT", "/api/v0/policies/acme/nginx", "{\"requireContentTrust\":true,\"requireSignatureFrom\":[\"dev/qa\",\"dev/admin\",\"dev/qa\"]}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(put.body()).startsWith("{\"scope\":\"acme/nginx\",\"requireContentTrust\":true,"
        + "\"requireSignatureFrom\":[\"dev/admin\",\"dev/qa\"],"
        + "\"description\":\"content trust required, signatures from dev/admin and dev/qa\",\"updatedAt\":\"")
        .contains("\"updatedBy\":\"admin\"");
    assertThat(running.policies().policyFor("acme/nginx/base")).isEqualTo(new ScopedPolicy("acme/nginx",
        Policy.requireSignatures(List.of(TeamName.parse("dev/admin"), TeamName.parse("dev/qa")))));
    assertThat(running.policies().policyFor("acme/nginx-other").scope()).isNotEqualTo("acme/nginx");

    assertThat(asAdmin("GET", "/api/v0/policies/acme/nginx", null).body()).isEqualTo(put.body());
    var list = asAdmin("GET", "/api/v0/policies", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).startsWith("[{\"scope\":\"_global\",").contains(put.body());

    // teams imply content trust when requireContentTrust is left out
    var implied = asAdmin("PUT", "/api/v0/policies/acme/implied", "{\"requireSignatureFrom\":[\"dev/admin\"]}");
    assertThat(implied.body()).contains("\"requireContentTrust\":true");

    assertThat(asAdmin("DELETE", "/api/v0/policies/acme/nginx", null).statusCode()).isEqualTo(204);
    assertThat(asAdmin("GET", "/api/v0/policies/acme/nginx", null).statusCode()).isEqualTo(404);
    var again = asAdmin("DELETE", "/api/v0/policies/acme/nginx", null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("\"code\":\"NOT_FOUND\"").contains("no policy rule for acme/nginx");
    assertThat(running.policies().policyFor("acme/nginx").scope()).isNotEqualTo("acme/nginx");
    assertThat(asAdmin("DELETE", "/api/v0/policies/acme/implied", null).statusCode()).isEqualTo(204);
  }

  @Test
  void invalidRequestsChangeNothing() throws Exception {
    assertThat(asAdmin("PUT", "/api/v0/policies/inv", "{\"requireContentTrust\":true}").statusCode()).isEqualTo(200);
    String before = asAdmin("GET", "/api/v0/policies", null).body();
    record Bad(String path, String body, String message) {}
    for (Bad b : List.of(
        new Bad("/api/v0/policies/inv", "{\"requireContentTrust\":true,\"requireSignatureFrom\":[\"dev/nosuch\"]}", "no team dev/nosuch"),
        new Bad("/api/v0/policies/inv", "{\"requireContentTrust\":true,\"requireSignatureFrom\":[\"noorg/admin\"]}", "no team noorg/admin"),
        new Bad("/api/v0/policies/inv", "{\"requireContentTrust\":false,\"requireSignatureFrom\":[\"dev/admin\"]}",
            "requireContentTrust must not be false"),
        new Bad("/api/v0/policies/inv", "{\"requireContentTrust\":true,\"requireSignatureFrom\":[\"dev\"]}", "expected ORG/TEAM"),
        new Bad("/api/v0/policies/inv", "{\"requireContentTrust\":\"yes\"}", "requireContentTrust must be true or false"),
        new Bad("/api/v0/policies/inv", "{\"requireContentTrust\":true,\"requireSignaturesFrom\":[\"dev/admin\"]}",
            "unknown member requireSignaturesFrom"),
        new Bad("/api/v0/policies/inv", "not json", "INVALID_JSON"),
        new Bad("/api/v0/policies/dev/_trust", "{\"requireContentTrust\":true}", "invalid policy scope"),
        new Bad("/api/v0/policies/Dev", "{\"requireContentTrust\":true}", "invalid policy scope"),
        new Bad("/api/v0/policies/" + "x".repeat(256), "{\"requireContentTrust\":true}", "longer than 255"))) {
      var r = asAdmin("PUT", b.path(), b.body());
      assertThat(r.statusCode()).as(b.body() + " -> " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(b.body()).contains(b.message());
    }
    assertThat(asAdmin("POST", "/api/v0/policies", "{}").statusCode()).isEqualTo(405);
    assertThat(asAdmin("GET", "/api/v0/policies", null).body()).isEqualTo(before);
    assertThat(running.policies().policyFor("inv/x").policy()).isEqualTo(Policy.requireSignatures(List.of()));
    assertThat(asAdmin("DELETE", "/api/v0/policies/inv", null).statusCode()).isEqualTo(204);
  }

  @Test
  void cliSetShowListRemove() throws Exception {
    assertThat(admin("policy", "set", "cli", "--require-content-trust", "--require-signature-from", "dev/admin",
        "--require-signature-from", "dev/qa")).isEqualTo("policy of cli: content trust required, signatures from dev/admin and dev/qa\n");
    assertThat(admin("policy", "set", "cli/legacy")).isEqualTo("policy of cli/legacy: content trust not required\n");
    assertThat(running.policies().policyFor("cli/legacy/x").policy()).isEqualTo(Policy.NONE);
    assertThat(running.policies().policyFor("cli/app").policy().requireSignatureFrom()).hasSize(2);

    String show = admin("policy", "show", "cli");
    assertThat(show).contains("scope:           cli\n").contains("content trust:   required\n")
        .contains("signature from:  dev/admin, dev/qa\n").containsPattern("updated: +\\S+ by admin\n");

    String list = admin("policy", "list");
    List<String> lines = list.lines().toList();
    assertThat(lines.getFirst()).startsWith("SCOPE").contains("CONTENT TRUST").contains("SIGNATURE FROM").contains("UPDATED");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("_global").contains("(not set)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("cli +required +dev/admin, dev/qa +\\S+ by admin"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("cli/legacy +not required +- +\\S+ by admin"));

    Run bad = cli("policy", "set", "cli", "--require-signature-from", "dev/admin");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("--require-signature-from needs --require-content-trust");
    Run unknown = cli("policy", "set", "cli", "--require-content-trust", "--require-signature-from", "dev/nosuch");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("INVALID_ARGUMENT: requireSignatureFrom: no team dev/nosuch");
    assertThat(running.policies().policyFor("cli/app").policy().requireSignatureFrom()).hasSize(2);

    assertThat(admin("policy", "remove", "cli/legacy")).isEqualTo("removed the policy of cli/legacy\n");
    assertThat(admin("policy", "remove", "cli")).isEqualTo("removed the policy of cli\n");
    Run gone = cli("policy", "show", "cli");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("NOT_FOUND: no policy rule for cli");
  }

  @Test
  void globalDefaultThroughCliAndApi() throws Exception {
    try {
      assertThat(admin("policy", "show", "_global")).contains("scope:           _global\n").contains("content trust:   not required\n")
          .contains("updated:         (not set)\n");
      admin("policy", "set", "_global", "--require-content-trust");
      assertThat(running.policies().policyFor("anything/at/all")).isEqualTo(new ScopedPolicy("", Policy.requireSignatures(List.of())));
      assertThat(asAdmin("GET", "/api/v0/policies/_global", null).body())
          .startsWith("{\"scope\":\"_global\",\"requireContentTrust\":true,\"requireSignatureFrom\":[],");
      assertThat(admin("policy", "list").lines().toList().get(1)).matches("_global +required +\\(any known signer\\) +\\S+ by admin");
    } finally {
      admin("policy", "remove", "_global");
    }
    assertThat(running.policies().policyFor("anything")).isEqualTo(new ScopedPolicy("", Policy.NONE));
    assertThat(asAdmin("DELETE", "/api/v0/policies/_global", null).statusCode()).as("idempotent").isEqualTo(204);
  }

  @Test
  void serverFlagsSetTheGlobalDefaultAndRulesSurviveRestarts() throws Exception {
    String sharedUrl = url;
    Path sharedCa = ca;
    HttpClient sharedClient = client;
    try {
      restartsAndFlags(tmp.resolve("flags"));
    } finally {
      url = sharedUrl;
      ca = sharedCa;
      client = sharedClient;
    }
  }

  private void restartsAndFlags(Path data) throws Exception {
    var first = start(settings(data));
    try {
      admin("orgs", "create", "dev");
      admin("teams", "create", "dev", "admin");
      admin("policy", "set", "dev/nginx", "--require-content-trust");
    } finally {
      first.close();
    }
    // an unknown team refuses to start, and changes nothing
    assertThatThrownBy(() -> start(settings(data).withGlobalPolicy(Policy.requireSignatures(List.of(TeamName.parse("dev/nosuch"))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--require-signature-from: no team dev/nosuch");

    var second = start(settings(data).withGlobalPolicy(ADMINS));
    try {
      assertThat(second.policies().policyFor("other/app")).isEqualTo(new ScopedPolicy("", ADMINS));
      assertThat(second.policies().policyFor("dev/nginx")).as("kept across restarts")
          .isEqualTo(new ScopedPolicy("dev/nginx", Policy.requireSignatures(List.of())));
      assertThat(admin("policy", "list").lines().toList().get(1)).matches("_global +required +dev/admin +\\S+ by server flags");
      admin("policy", "set", "_global", "--require-content-trust");
    } finally {
      second.close();
    }
    // without flags the stored global default stays as the admin left it
    var third = start(settings(data));
    try {
      assertThat(third.policies().policyFor("other/app")).isEqualTo(new ScopedPolicy("", Policy.requireSignatures(List.of())));
    } finally {
      third.close();
    }
    // --auth none: no accounts, so team names are taken as given
    var none = TrustServerWiring.start(new ServerSettings(new InetSocketAddress("127.0.0.1", 0), data, Optional.empty(),
        Optional.empty(), false, KeyAlgorithm.ECDSA, Optional.empty(), TrustApiConfig.DEFAULTS, "error")
        .withGlobalPolicy(Policy.requireSignatures(List.of(TeamName.parse("ops/release")))), Clock.systemUTC(),
        Map.of("HALLMARK_SIGNER_PASSPHRASE", "test passphrase"), new PrintWriter(new StringWriter()));
    try {
      assertThat(none.policies().policyFor("x").policy().requireSignatureFrom()).containsExactly(TeamName.parse("ops/release"));
    } finally {
      none.close();
    }
  }

  @Test
  void serverRefusesTeamsWithoutContentTrust() {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.execute(new String[] {"server", "--data-dir", tmp.resolve("refused").toString(), "--listen", "127.0.0.1:0",
        "--require-signature-from", "dev/admin"}, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--require-signature-from needs --require-content-trust");
    assertThat(ServerCommand.globalPolicy(false, List.of())).isEmpty();
    assertThat(ServerCommand.globalPolicy(true, List.of("dev/admin", "dev/admin"))).hasValue(ADMINS);
    assertThatThrownBy(() -> ServerCommand.globalPolicy(true, List.of("dev"))).hasMessageContaining("--require-signature-from:");
  }
}
