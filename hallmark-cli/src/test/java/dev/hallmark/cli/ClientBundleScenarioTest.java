package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.accounts.AccountStore;
import dev.hallmark.policy.Signer;
import dev.hallmark.policy.TeamName;
import dev.hallmark.policy.accounts.AccountDirectory;
import dev.hallmark.tuf.KeyId;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client bundles end to end with token auth on: a user downloads their bundle with
 * {@code hallmark bundle create}, the real {@code notary delegation add --publish} accepts its
 * certificate, and the account directory names the user behind that delegation key until the
 * certificate is revoked; {@code hallmark delegate} does both delegations for one repository and for
 * every repository of an organisation.
 */
class ClientBundleScenarioTest {
  private static final Path NOTARY = Path.of(NotaryProcess.PATH);
  private static final String ADMIN_PW = "admin-password-1";
  private static final String ALICE_PW = "alice-password-1";
  private static final String PW = "scenario passphrase";
  private static final Pattern KEY_ID = Pattern.compile("keys \\[([0-9a-f]{64})\\]");

  @TempDir
  Path dir;

  private TrustServerWiring.Running running;
  private String url;
  private String ca;
  private String host;

  @BeforeEach
  void requireNotary() {
    assumeTrue(Files.isExecutable(NOTARY) && !"false".equals(System.getProperty("hallmark.interop")), "needs notary 0.7");
  }

  private record Result(int status, String out) {}

  private Map<String, String> env(String user, String password, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "HALLMARK_USERNAME", user,
        "HALLMARK_PASSWORD", password, "HALLMARK_NEW_PASSWORD", ALICE_PW,
        "NOTARY_AUTH", basic(user, password)));
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PW);
    }
    env.putAll(extra);
    return env;
  }

  private Result hallmark(String user, String password, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-s", url, "--tlscacert", ca));
    int status = Main.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true),
        env(user, password, Map.of()));
    return new Result(status, out + err.toString());
  }

  private Result admin(String... args) {
    return hallmark("admin", ADMIN_PW, args);
  }

  private Result notary(String user, String password, String... args) throws Exception {
    var all = new ArrayList<>(List.of("-d", dir.resolve("trust").toString(), "-s", url, "--tlscacert", ca));
    all.addAll(List.of(args));
    NotaryProcess.Result r = NotaryProcess.run(env(user, password, Map.of()), all);
    return new Result(r.status(), r.out());
  }

  private static String basic(String user, String pw) {
    return Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  private static void ok(Result r) {
    assertThat(r.status()).as(r.out()).isZero();
  }

  private TrustServerWiring.Running start() throws Exception {
    running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW);
    url = "https://127.0.0.1:" + running.port();
    ca = dir.resolve("data/tls/ca.crt").toString();
    host = "127.0.0.1:" + running.port();
    ok(admin("admin", "users", "create", "alice"));
    ok(admin("admin", "orgs", "create", "dev"));
    ok(admin("admin", "teams", "create", "dev", "admin"));
    ok(admin("admin", "members", "add", "dev", "alice", "--team", "admin"));
    return running;
  }

  private static Map<String, byte[]> unzip(Path zip) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  private Path bundleCert(String user, String password) throws Exception {
    Path zip = dir.resolve(user + "-bundle.zip");
    Result created = hallmark(user, password, "bundle", "create", "-o", zip.toString());
    ok(created);
    Path cert = dir.resolve(user + "-cert.pem");
    Files.write(cert, unzip(zip).get("cert.pem"));
    return cert;
  }

  @Test
  void notaryAcceptsTheBundleCertificateAndTheDirectoryNamesItsUser() throws Exception {
    try (var server = start()) {
      // alice downloads her own bundle
      Path zip = dir.resolve("alice.zip");
      Result created = hallmark("alice", ALICE_PW, "bundle", "create", "-o", zip.toString());
      ok(created);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zip))).isEqualTo("rw-------");
      Map<String, byte[]> files = unzip(zip);
      assertThat(files).containsKeys("cert.pem", "key.pem", "ca.pem", "tls-ca.pem", "env.sh", "README.txt");
      assertThat(new String(files.get("key.pem"), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----");
      assertThat(new String(files.get("env.sh"), StandardCharsets.US_ASCII))
          .contains("export DOCKER_CONTENT_TRUST_SERVER=" + url + "\n");
      assertThat(files.get("tls-ca.pem")).isEqualTo(Files.readAllBytes(Path.of(ca)));
      Path cert = dir.resolve("cert.pem");
      Files.write(cert, files.get("cert.pem"));

      // but not bob's, and nobody gets one for a user that does not exist
      assertThat(hallmark("alice", ALICE_PW, "bundle", "create", "--user", "admin", "-o", dir.resolve("x.zip").toString()).out())
          .contains("NOT_AUTHORIZED");
      Result unknown = admin("bundle", "create", "--user", "nobody", "-o", dir.resolve("y.zip").toString());
      assertThat(unknown.status()).isEqualTo(1);
      assertThat(unknown.out()).contains("NO_SUCH_ACCOUNT: no account nobody");
      assertThat(dir.resolve("x.zip")).doesNotExist();

      // the owner initialises a repository and delegates to the bundle certificate with the real notary
      ok(admin("admin", "repos", "create", "dev/app"));
      String gun = host + "/dev/app";
      ok(notary("admin", ADMIN_PW, "init", gun, "-p"));
      Result delegated = notary("admin", ADMIN_PW, "delegation", "add", "--publish", gun, "targets/releases", "--all-paths",
          cert.toString());
      ok(delegated);
      Matcher m = KEY_ID.matcher(delegated.out());
      assertThat(m.find()).as(delegated.out()).isTrue();
      KeyId keyId = new KeyId(m.group(1));
      Result listed = notary("admin", ADMIN_PW, "delegation", "list", gun);
      assertThat(listed.out()).containsPattern("targets/releases\\s+\"\" <all paths>\\s+" + keyId.value());

      // a directory over its own store, as on another replica: it sees the server's changes within MAX_AGE
      var clock = new dev.hallmark.testkit.MutableClock(java.time.Instant.now());
      var directory = new AccountDirectory(new AccountStore(running.dataSource(), clock), clock);
      Signer signer = directory.identify(keyId).orElseThrow();
      assertThat(signer.user()).isEqualTo("alice");
      assertThat(signer.teams()).containsExactly(TeamName.parse("dev/admin"));

      // listed and revoked through the CLI: the key then names nobody
      Result certs = admin("admin", "certs", "list", "alice");
      ok(certs);
      assertThat(certs.out()).contains(keyId.value());
      String id = certs.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
      ok(admin("admin", "certs", "revoke", "alice", id));
      clock.advance(AccountDirectory.MAX_AGE.plusMillis(1));
      assertThat(directory.identify(keyId)).isEmpty();
      assertThat(admin("admin", "certs", "list", "alice").out().lines().skip(1).findFirst().orElseThrow()).doesNotEndWith(" -");
      assertThat(admin("admin", "certs", "revoke", "alice", "999").out()).contains("NO_SUCH_CERTIFICATE");
    }
  }

  @Test
  void delegatesReleasesAndTheTeamRoleForOneRepositoryOrAWholeOrganisation() throws Exception {
    try (var server = start()) {
      Path cert = bundleCert("alice", ALICE_PW);
      String trust = dir.resolve("trust").toString();

      // one repository, the certificate from a file
      ok(admin("admin", "repos", "create", "dev/one"));
      String one = host + "/dev/one";
      ok(notary("admin", ADMIN_PW, "init", one, "-p"));
      Result single = admin("-d", trust, "delegate", "--user", "alice", "--team", "dev/admin", "--cert", cert.toString(), one);
      ok(single);
      assertThat(single.out()).contains(one + ": delegated targets/releases and targets/admin to alice");
      Result listed = notary("admin", ADMIN_PW, "delegation", "list", one);
      assertThat(listed.out()).containsPattern("targets/admin\\s+\"\" <all paths>").containsPattern("targets/releases\\s+\"\" <all paths>");

      // every repository of an organisation, the certificate from the server; one is not initialised
      ok(admin("admin", "orgs", "create", "ops"));
      for (String r : List.of("api", "web", "blank")) {
        ok(admin("admin", "repos", "create", "ops/" + r));
      }
      ok(notary("admin", ADMIN_PW, "init", host + "/ops/api", "-p"));
      ok(notary("admin", ADMIN_PW, "init", host + "/ops/web", "-p"));
      Result org = admin("-d", trust, "delegate", "--user", "alice", "--team", "dev/admin", "--org", "ops");
      assertThat(org.status()).as(org.out()).isEqualTo(1);
      assertThat(org.out()).contains("using certificate ")
          .contains(host + "/ops/api: delegated targets/releases and targets/admin to alice")
          .contains(host + "/ops/web: delegated targets/releases and targets/admin to alice")
          .contains(host + "/ops/blank: failed: " + host + " does not have trust data for " + host + "/ops/blank");
      // a directory over its own store, as on another replica: it sees the server's changes within MAX_AGE
      var clock = new dev.hallmark.testkit.MutableClock(java.time.Instant.now());
      var directory = new AccountDirectory(new AccountStore(running.dataSource(), clock), clock);
      for (String r : List.of("api", "web")) {
        Result l = notary("admin", ADMIN_PW, "delegation", "list", host + "/ops/" + r);
        assertThat(l.out()).containsPattern("targets/admin\\s+\"\" <all paths>");
        Matcher m = Pattern.compile("targets/releases\\s+\"\" <all paths>\\s+([0-9a-f]{64})").matcher(l.out());
        assertThat(m.find()).as(l.out()).isTrue();
        assertThat(directory.identify(new KeyId(m.group(1))).orElseThrow().user()).isEqualTo("alice");
      }
      // the failed repository keeps nothing staged
      Result status = notary("admin", ADMIN_PW, "status", host + "/ops/blank");
      assertThat(status.out()).doesNotContain("targets/releases");
    }
  }
}
