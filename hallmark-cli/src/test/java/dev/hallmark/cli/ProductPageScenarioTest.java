package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.client.registry.ImageArchive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product page (shared/mission/sign-an-image.md) end to end, with token auth on: an admin creates
 * the user and repository; the user pushes with content trust (which initialises the trust data);
 * delegates {@code targets/releases} and {@code targets/admin} to a certificate with the real
 * {@code notary delegation add --publish}, holding its key; pushes again, which signs into the
 * delegations; a fresh consumer pulls with trust and gets the same bytes; an unsigned tag in the same
 * repository is refused with trust on.
 */
class ProductPageScenarioTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String DEV_PW = "dev-password-1";
  private static final String PW = "scenario passphrase";

  @TempDir
  Path dir;

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PW,
        "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PW, "HOME", dir.toString(),
        "HALLMARK_USERNAME", "admin", "HALLMARK_PASSWORD", ADMIN_PW, "HALLMARK_NEW_PASSWORD", DEV_PW));
    env.putAll(extra);
    return env;
  }

  private record Result(int status, String out) {}

  private Result hallmark(Map<String, String> extra, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env(extra));
    return new Result(status, out + err.toString());
  }

  private Result notary(Map<String, String> extra, String... args) throws Exception {
    Map<String, String> env = env(extra);
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PW);
    }
    NotaryProcess.Result r = NotaryProcess.run(env, List.of(args));
    return new Result(r.status(), r.out());
  }

  private static String basic(String user, String pw) {
    return Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signAnImageThatTheTeamsTrust() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/notary")) && Files.isExecutable(Path.of("/usr/bin/openssl"))
        && !"false".equals(System.getProperty("hallmark.interop")), "needs notary 0.7 and openssl");
    try (var running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW)) {
      String url = "https://127.0.0.1:" + running.port();
      String ca = dir.resolve("data/tls/ca.crt").toString();
      String gun = "127.0.0.1:" + running.port() + "/dev/nginx";
      // DTR: the admin creates the user and the repository
      for (List<String> a : List.of(List.of("users", "create", "dev"), List.of("repos", "create", "dev/nginx"))) {
        var all = new ArrayList<>(List.of("admin"));
        all.addAll(a);
        all.addAll(List.of("-s", url, "--tlscacert", ca));
        Result r = hallmark(Map.of(), all.toArray(String[]::new));
        assertThat(r.status()).as(r.out()).isZero();
      }
      Map<String, String> dev = Map.of("REGISTRY_AUTH", basic("dev", DEV_PW), "NOTARY_AUTH", basic("dev", DEV_PW));
      Map<String, String> devTrusted = new HashMap<>(dev);
      devTrusted.put("DOCKER_CONTENT_TRUST", "1");
      String trust = dir.resolve("dev-trust").toString();

      // docker push with DOCKER_CONTENT_TRUST=1 initialises the trust data
      Path image = dir.resolve("nginx-1");
      ImagePushPullTest.ociLayout(image, "1", "nginx 1");
      Result push1 = hallmark(devTrusted, "-d", trust, "--tlscacert", ca,
          "push", image.toString(), gun + ":1");
      assertThat(push1.status()).as(push1.out()).isZero();

      // the client bundle: a certificate and its key, the key in the trust directory
      Path key = dir.resolve("key.pem");
      Path cert = dir.resolve("cert.pem");
      Process gen = new ProcessBuilder("/usr/bin/openssl", "req", "-new", "-x509", "-newkey", "ec", "-pkeyopt",
          "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=dev", "-keyout", key.toString(),
          "-out", cert.toString()).redirectErrorStream(true).start();
      gen.getInputStream().readAllBytes();
      assertThat(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0).isTrue();
      String[] n = {"-d", trust, "-s", url, "--tlscacert", ca};
      Result imported = notary(dev, concat(n, "key", "import", key.toString(), "-r", "targets/releases"));
      assertThat(imported.status()).as(imported.out()).isZero();

      // notary delegation add --publish … targets/releases and targets/admin --all-paths cert.pem
      for (String role : List.of("targets/releases", "targets/admin")) {
        Result d = notary(dev, concat(n, "delegation", "add", "--publish", gun, role, "--all-paths", cert.toString()));
        assertThat(d.status()).as(d.out()).isZero();
      }

      // push again: now signed into the delegations
      Path image2 = dir.resolve("nginx-2");
      ImagePushPullTest.ociLayout(image2, "2", "nginx 2");
      Result push2 = hallmark(devTrusted, "-d", trust, "--tlscacert", ca,
          "push", image2.toString(), gun + ":2");
      assertThat(push2.status()).as(push2.out()).isZero();
      Result list = notary(dev, concat(n, "list", gun, "-r", "targets/releases"));
      assertThat(list.status()).as(list.out()).isZero();
      assertThat(list.out()).containsPattern("(?m)^2\\s+[0-9a-f]{64}\\s+\\d+\\s+targets/releases");
      Result team = notary(dev, concat(n, "list", gun, "-r", "targets/admin"));
      assertThat(team.out()).as("signed into the team's role too").containsPattern("(?m)^2\\s+[0-9a-f]{64}\\s+\\d+\\s+targets/admin");

      // a fresh consumer pulls with trust and gets the same bytes
      Path pulled = dir.resolve("pulled.tar");
      Result pull = hallmark(Map.of("REGISTRY_AUTH", basic("dev", DEV_PW), "DOCKER_CONTENT_TRUST", "1"),
          "-d", dir.resolve("consumer-trust").toString(), "--tlscacert", ca, "pull", gun + ":2", "-o", pulled.toString());
      assertThat(pull.status()).as(pull.out()).isZero();
      assertThat(ImageArchive.read(pulled, Optional.of("2")).manifest())
          .isEqualTo(ImageArchive.read(image2, Optional.of("2")).manifest());

      // an unsigned tag in the same repository is refused with trust on
      Path image3 = dir.resolve("nginx-3");
      ImagePushPullTest.ociLayout(image3, "unsigned", "nginx 3");
      Result push3 = hallmark(dev, "-d", trust, "--tlscacert", ca, "push", image3.toString(), gun + ":unsigned");
      assertThat(push3.status()).as(push3.out()).isZero();
      Result refused = hallmark(Map.of("REGISTRY_AUTH", basic("dev", DEV_PW), "DOCKER_CONTENT_TRUST", "1"),
          "-d", dir.resolve("consumer-trust").toString(), "--tlscacert", ca,
          "pull", gun + ":unsigned", "-o", dir.resolve("refused.tar").toString());
      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.out()).contains("No trust data for unsigned");
    }
  }

  private static String[] concat(String[] a, String... b) {
    var out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }
}
