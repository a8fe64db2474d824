package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.registry.RegistryClient;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Repository;
import dev.hallmark.tuf.Bytes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hallmark admin gc}: the admin API endpoint with token auth, and the offline mode on a stopped server's data. */
class AdminGcTest {
  private static final String ADMIN_PW = "admin-password-1";
  private static final String ALICE_PW = "alice-password-1";

  @TempDir
  Path dir;

  record Run(int status, String out, String err) {}

  private Run hallmark(String user, String pw, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "HALLMARK_USERNAME", user,
        "HALLMARK_PASSWORD", pw, "HALLMARK_NEW_PASSWORD", ALICE_PW,
        "REGISTRY_AUTH", java.util.Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8))));
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Run(code, out.toString(), err.toString());
  }

  private Run admin(int port, String user, String pw, String... args) {
    var all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("-s", "https://127.0.0.1:" + port, "--tlscacert", dir.resolve("data/tls/ca.crt").toString()));
    return hallmark(user, pw, all.toArray(String[]::new));
  }

  private Path blobFile(Digest d) {
    return dir.resolve("data/blobs/sha256").resolve(d.hex().substring(0, 2)).resolve(d.hex());
  }

  @Test
  void adminsCollectUnreferencedBlobsOlderThanTheGracePeriod() throws Exception {
    Path data = dir.resolve("data");
    Digest orphan;
    Digest recent;
    Digest manifest;
    try (var running = TestServer.withTokenAuth(data, ADMIN_PW)) {
      int port = running.port();
      String gun = "127.0.0.1:" + port + "/admin/app";
      Path layout = dir.resolve("layout");
      manifest = ImagePushPullTest.ociLayout(layout, "v1", "kept content");
      Map<String, String> env = Map.of("HOME", dir.toString(), "REGISTRY_AUTH",
          java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PW).getBytes(StandardCharsets.UTF_8)));
      var out = new StringWriter();
      assertThat(Main.execute(new String[] {"--tlscacert", data.resolve("tls/ca.crt").toString(), "push", layout.toString(),
          gun + ":v1"}, new PrintWriter(out, true), new PrintWriter(out, true), env)).as(out.toString()).isZero();

      // two blobs no manifest references: one uploaded long ago (its push was abandoned), one just now
      byte[] old = "abandoned upload".getBytes(StandardCharsets.UTF_8);
      byte[] fresh = "uploaded, manifest not pushed yet".getBytes(StandardCharsets.UTF_8);
      orphan = Digest.sha256(old);
      recent = Digest.sha256(fresh);
      try (var registry = RegistryClient.builder(URI.create("https://127.0.0.1:" + port))
          .caFile(data.resolve("tls/ca.crt")).credentials("admin", ADMIN_PW).build()) {
        registry.pushBlob(new Repository("admin/app"), orphan, Bytes.wrap(old));
        registry.pushBlob(new Repository("admin/app"), recent, Bytes.wrap(fresh));
      }
      Files.setLastModifiedTime(blobFile(orphan), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

      assertThat(admin(port, "admin", ADMIN_PW, "users", "create", "alice").status()).isZero();
      Run refused = admin(port, "alice", ALICE_PW, "gc");
      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.err()).contains("NOT_AUTHORIZED");

      Run dry = admin(port, "admin", ADMIN_PW, "gc", "--dry-run");
      assertThat(dry.status()).as(dry.err()).isZero();
      assertThat(dry.out()).contains("would delete 1 blobs, " + old.length + " bytes").contains("kept 3 blobs");
      assertThat(blobFile(orphan)).exists();

      Run gc = admin(port, "admin", ADMIN_PW, "gc");
      assertThat(gc.status()).as(gc.err()).isZero();
      assertThat(gc.out()).contains("deleted 1 blobs, " + old.length + " bytes").contains("kept 3 blobs");
      assertThat(blobFile(orphan)).doesNotExist();
      // within the grace period a blob no manifest references yet survives: its push may be in flight
      assertThat(blobFile(recent)).exists();

      Run pull = hallmark("admin", ADMIN_PW, "--tlscacert", data.resolve("tls/ca.crt").toString(), "pull", gun + ":v1",
          "-o", dir.resolve("pulled.tar").toString());
      assertThat(pull.status()).as(pull.out() + pull.err()).isZero();
      assertThat(pull.out()).contains("Digest: " + manifest);
    }

    // offline on the stopped server's data: the recent blob is now old and unreferenced
    Files.setLastModifiedTime(blobFile(recent), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Process holder = holdDatabase(data);
    try {
      Run busy = hallmark("admin", ADMIN_PW, "admin", "gc", "--data-dir", data.toString());
      assertThat(busy.status()).isEqualTo(1);
      assertThat(busy.err()).contains("is in use");
      assertThat(blobFile(recent)).exists();
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Run offline = hallmark("admin", ADMIN_PW, "admin", "gc", "--data-dir", data.toString());
    assertThat(offline.status()).as(offline.err()).isZero();
    assertThat(offline.out()).contains("deleted 1 blobs, ");
    assertThat(blobFile(recent)).doesNotExist();
  }

  /** Another process with the server's database open, as a running server has it, until its stdin closes. */
  private static Process holdDatabase(Path data) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(),
        "jdbc:h2:file:" + data.resolve("db/hallmark").toAbsolutePath()).redirectErrorStream(true).start();
    var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("open");
    return p;
  }

  /** Opens a database and keeps it open until standard input ends. */
  static final class HoldDatabase {
    public static void main(String[] args) throws Exception {
      try (var c = DriverManager.getConnection(args[0])) {
        System.out.println("open");
        System.out.flush();
        System.in.readAllBytes();
      }
    }
  }
}
