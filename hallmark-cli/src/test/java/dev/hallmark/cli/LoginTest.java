package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hallmark login}: checked against the token service, stored where docker keeps logins, used by push. */
class LoginTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String CAROL_PW = "carol-password-1";

  @TempDir
  Path dir;

  private int run(Map<String, String> env, StringWriter out, String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true), env);
  }

  @Test
  void storesCheckedCredentialsWhereDockerDoesAndPushUsesThem() throws Exception {
    try (var running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW)) {
      String host = "127.0.0.1:" + running.port();
      String ca = dir.resolve("data/tls/ca.crt").toString();
      createCarol(host, ca);
      Path dockerConfig = dir.resolve("docker");
      Map<String, String> carol = new HashMap<>(Map.of("HOME", dir.toString(), "DOCKER_CONFIG", dockerConfig.toString(),
          "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", "login test passphrase",
          "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "login test passphrase"));

      var wrong = new HashMap<>(carol);
      wrong.putAll(Map.of("HALLMARK_USERNAME", "carol", "HALLMARK_PASSWORD", "not-her-password"));
      var refused = new StringWriter();
      assertThat(run(wrong, refused, "--tlscacert", ca, "login", host)).isEqualTo(1);
      assertThat(refused.toString()).contains("incorrect username or password");
      assertThat(dockerConfig.resolve("config.json")).doesNotExist();

      var right = new HashMap<>(carol);
      right.putAll(Map.of("HALLMARK_USERNAME", "carol", "HALLMARK_PASSWORD", CAROL_PW));
      var ok = new StringWriter();
      assertThat(run(right, ok, "--tlscacert", ca, "login", host)).as(ok.toString()).isZero();
      assertThat(ok.toString()).contains("Login Succeeded");
      Path config = dockerConfig.resolve("config.json");
      assertThat(Files.readString(config)).contains("\"auths\"").contains("\"" + host + "\"");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");

      // push and trusted pull with nothing but the stored login
      Path layout = dir.resolve("layout");
      ImagePushPullTest.ociLayout(layout, "v1", "login content");
      var push = new StringWriter();
      assertThat(run(carol, push, "-d", dir.resolve("trust").toString(), "--tlscacert", ca,
          "push", layout.toString(), host + "/carol/app:v1", "--trust")).as(push.toString()).isZero();
      var pull = new StringWriter();
      assertThat(run(carol, pull, "-d", dir.resolve("fresh").toString(), "--tlscacert", ca,
          "pull", host + "/carol/app:v1", "-o", dir.resolve("out.tar").toString(), "--trust")).as(pull.toString()).isZero();
    }
  }

  /**
   * The real {@code docker login} (no daemon here, so the CLI logs in client side, as it does when the
   * daemon is unreachable): a token asked for without a scope opens the base endpoint {@code /v2/},
   * wrong credentials are refused, and {@code hallmark push} uses what docker stored.
   */
  @Test
  void dockerLoginWorksAndItsStoredLoginServesPush() throws Exception {
    java.util.Optional<Path> docker = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(d -> Path.of(d, "docker")).filter(Files::isExecutable).findFirst();
    org.junit.jupiter.api.Assumptions.assumeTrue(docker.isPresent()
        && !"false".equals(System.getProperty("hallmark.interop")), "needs the docker CLI");
    try (var running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW)) {
      String host = "127.0.0.1:" + running.port();
      String ca = dir.resolve("data/tls/ca.crt").toString();
      createCarol(host, ca);
      Path dockerConfig = dir.resolve("docker");
      assertThat(dockerLogin(docker.get(), dockerConfig, host, "not-her-password").exitValue()).isNotZero();
      assertThat(dockerConfig.resolve("config.json")).satisfiesAnyOf(
          f -> assertThat(f).doesNotExist(), f -> assertThat(Files.readString(f)).doesNotContain(host));
      Process ok = dockerLogin(docker.get(), dockerConfig, host, CAROL_PW);
      String out = new String(ok.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(ok.exitValue()).as(out).isZero();
      assertThat(out).contains("Login Succeeded");
      assertThat(Files.readString(dockerConfig.resolve("config.json"))).contains("\"" + host + "\"");

      Map<String, String> carol = Map.of("HOME", dir.toString(), "DOCKER_CONFIG", dockerConfig.toString());
      Path layout = dir.resolve("layout");
      ImagePushPullTest.ociLayout(layout, "v1", "docker login content");
      var push = new StringWriter();
      assertThat(run(carol, push, "--tlscacert", ca, "push", layout.toString(), host + "/carol/app:v1"))
          .as(push.toString()).isZero();
    }
  }

  /** The admin creates the user carol and her repository carol/app. */
  private void createCarol(String host, String ca) {
    Map<String, String> admin = Map.of("HOME", dir.toString(), "HALLMARK_USERNAME", "admin",
        "HALLMARK_PASSWORD", ADMIN_PW, "HALLMARK_NEW_PASSWORD", CAROL_PW);
    for (List<String> a : List.of(List.of("users", "create", "carol"), List.of("repos", "create", "carol/app"))) {
      var all = new ArrayList<>(List.of("admin"));
      all.addAll(a);
      all.addAll(List.of("-s", "https://" + host, "--tlscacert", ca));
      var out = new StringWriter();
      assertThat(run(admin, out, all.toArray(String[]::new))).as(out.toString()).isZero();
    }
  }

  private static Process dockerLogin(Path docker, Path config, String host, String password) throws Exception {
    var pb = new ProcessBuilder(docker.toString(), "login", host, "-u", "carol", "--password-stdin")
        .redirectErrorStream(true);
    // a config directory of our own; no daemon, so the CLI logs in itself
    pb.environment().put("DOCKER_CONFIG", config.toString());
    pb.environment().put("DOCKER_HOST", "unix://" + config.resolve("no-daemon.sock"));
    Process p = pb.start();
    p.getOutputStream().write((password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return p;
  }
}
