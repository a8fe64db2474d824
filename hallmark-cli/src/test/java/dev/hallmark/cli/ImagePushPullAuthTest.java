package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.oci.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push/pull with trust against the server with token auth on: credentials answer the registry's and the trust server's challenges. */
class ImagePushPullAuthTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String ALICE_PW = "alice-password-1";
  private static final String PW = "image test passphrase";

  @TempDir
  Path dir;

  private int run(Map<String, String> extra, StringWriter out, StringWriter err, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PW,
        "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PW, "HOME", dir.toString(),
        "HALLMARK_USERNAME", "admin", "HALLMARK_PASSWORD", ADMIN_PW, "HALLMARK_NEW_PASSWORD", ALICE_PW));
    env.putAll(extra);
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
  }

  private static String auth(String user, String pw) {
    return Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pushAndPullWithTrustAuthenticate() throws Exception {
    try (var running = TestServer.withTokenAuth(dir.resolve("data"), ADMIN_PW)) {
      String url = "https://127.0.0.1:" + running.port();
      String ca = dir.resolve("data/tls/ca.crt").toString();
      for (List<String> a : List.of(List.of("users", "create", "alice"), List.of("repos", "create", "alice/app"))) {
        var all = new ArrayList<>(List.of("admin"));
        all.addAll(a);
        all.addAll(List.of("-s", url, "--tlscacert", ca));
        var err = new StringWriter();
        assertThat(run(Map.of(), new StringWriter(), err, all.toArray(String[]::new))).as(err.toString()).isZero();
      }
      String gun = "127.0.0.1:" + running.port() + "/alice/app";
      Path layout = dir.resolve("layout");
      Digest digest = ImagePushPullTest.ociLayout(layout, "v1", "private content");
      Map<String, String> alice = Map.of("REGISTRY_AUTH", auth("alice", ALICE_PW));

      var out = new StringWriter();
      var err = new StringWriter();
      int push = run(alice, out, err, "-d", dir.resolve("alice-trust").toString(), "--tlscacert", ca,
          "push", layout.toString(), gun + ":v1", "--trust");
      assertThat(push).as(out + " " + err).isZero();
      assertThat(out.toString()).contains("v1: digest: " + digest).contains("Successfully signed");

      // anonymous: the private repository refuses
      var anonErr = new StringWriter();
      int anon = run(Map.of(), new StringWriter(), anonErr, "-d", dir.resolve("anon-trust").toString(), "--tlscacert", ca,
          "pull", gun + ":v1", "-o", dir.resolve("anon.tar").toString(), "--trust");
      assertThat(anon).isEqualTo(1);

      var pullOut = new StringWriter();
      var pullErr = new StringWriter();
      Path pulled = dir.resolve("pulled.tar");
      int pull = run(alice, pullOut, pullErr, "-d", dir.resolve("fresh-trust").toString(), "--tlscacert", ca,
          "pull", gun + ":v1", "-o", pulled.toString(), "--trust");
      assertThat(pull).as(pullOut + " " + pullErr).isZero();
      assertThat(ImageArchive.read(pulled, Optional.of("v1")).manifest())
          .isEqualTo(ImageArchive.read(layout, Optional.of("v1")).manifest());
    }
  }
}
