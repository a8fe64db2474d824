package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.testkit.NotaryServer;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.Verifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root key rotation as notary 0.7 does it, checked against the real notary CLI, notary-server 0.7
 * and Hallmark's own trust server.
 *
 * <p>What notary 0.7 writes (observed with {@code notary key rotate GUN root}, four times in a row,
 * the last two with {@code -l 2} and {@code -l 10}, against notary-server 0.7; reference
 * client/client.go {@code RotateKey}, {@code oldKeysForLegacyClientSupport}, tuf/tuf.go
 * {@code SignRoot}, {@code RemoveBaseKeys}):
 * <ul>
 *   <li>each rotation publishes root version N+1 (plus the snapshot); {@code N.root.json} stays
 *       on the server for every version.
 *   <li>{@code roles} holds only the four base roles: no versioned {@code root.N} entries (tuf.go's
 *       {@code oldRootVersionName} is unused in 0.7; older notary releases wrote such entries and
 *       0.7 accepts, ignores and keeps them, as Hallmark now does).
 *   <li>{@code roles.root.keyids} = the new certificate only; the old root certificates stay in
 *       {@code keys} (RemoveBaseKeys keeps root keys), so v3 has three {@code ecdsa-x509} keys.
 *   <li>without {@code --legacy}: signed by the new root key and the previous root key
 *       (v2: {k2, k1}; v3: {k3, k2}).
 *   <li>{@code --legacy N}: additionally signed by every held root key of the root role of
 *       versions {@code max(1, cur-N)} .. {@code cur}, read from the server's {@code v.root.json}
 *       (v4 with {@code -l 2} from v3: {k4, k3, k2, k1}; v5 with {@code -l 10}: {k5..k1}); -1
 *       means all versions; a version that cannot be fetched is skipped.
 * </ul>
 * The notary parts are skipped without the notary binaries; everything with
 * {@code -Dhallmark.interop=false}.
 */
class RootRotationInteropTest {
  private static final String PW = "Rotate-Passphrase-1";
  @TempDir static Path work;
  private static NotaryServer notaryServer;
  private static Srv notaryServerSrv;
  private static TestServer hallmarkServer;
  private static Srv hallmarkSrv;
  private static int counter;
  private static boolean notaryCli;

  record Srv(String url, Path ca, HttpClient http) {
    Bytes get(String gun, String file) throws Exception {
      var r = http.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + gun + "/_trust/tuf/" + file))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(file).isEqualTo(200);
      return Bytes.wrap(r.body());
    }
  }

  record Result(int status, String out) {}

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(!"false".equals(System.getProperty("hallmark.interop")), "interop tests disabled");
    notaryCli = Files.isExecutable(Path.of("/usr/bin/notary"));
    hallmarkServer = new TestServer(work.resolve("hallmark-data"), TrustApiConfig.DEFAULTS, Clock.systemUTC());
    hallmarkSrv = new Srv(hallmarkServer.url(), hallmarkServer.caCert(), hallmarkServer.client);
    if (!notaryCli || !NotaryServer.installed()) {
      return;
    }
    notaryServer = NotaryServer.start(work);
    notaryServerSrv = new Srv(notaryServer.url(), notaryServer.caCert(), notaryServer.http());
  }

  @AfterAll
  static void stop() throws Exception {
    if (notaryServer != null) {
      notaryServer.close();
    }
    if (hallmarkServer != null) {
      hallmarkServer.close();
    }
  }

  static Result exec(Path dir, List<String> cmd, String stdin) throws IOException, InterruptedException {
    var pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    for (String v : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + v + "_PASSPHRASE", PW);
    }
    env.put("HOME", dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  static Result notary(Srv s, String trustDir, String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("notary", "-d", work.resolve(trustDir).toString(), "-s", s.url,
        "--tlscacert", s.ca.toString()));
    cmd.addAll(List.of(args));
    return exec(work, cmd, stdin);
  }

  static Result hallmark(Srv s, String trustDir, String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.hallmark.cli.Main",
        "-d", work.resolve(trustDir).toString(), "-s", s.url, "--tlscacert", s.ca.toString()));
    cmd.addAll(List.of(args));
    return exec(work, cmd, stdin);
  }

  private static void ok(Result r) {
    assertThat(r.status).as(r.out).isZero();
  }

  private static Signed<Root> root(Srv s, String gun, String file) throws Exception {
    return TufCodec.decodeRoot(s.get(gun, file));
  }

  private static KeyId rootKey(Signed<Root> r) {
    return r.signed().role(RoleName.ROOT).keyIds().getFirst();
  }

  private static Set<KeyId> signers(Signed<Root> r) {
    return r.signatures().stream().map(Signature::keyId).collect(Collectors.toSet());
  }

  /** The structure notary 0.7 writes for init, rotate, rotate --legacy 2 (see the class comment). */
  private static void assertRotatedTwiceWithLegacy(Srv s, String gun) throws Exception {
    Signed<Root> v1 = root(s, gun, "1.root.json");
    Signed<Root> v2 = root(s, gun, "2.root.json");
    Signed<Root> v3 = root(s, gun, "3.root.json");
    assertThat(root(s, gun, "root.json").bytes()).isEqualTo(v3.bytes());
    KeyId k1 = rootKey(v1);
    KeyId k2 = rootKey(v2);
    KeyId k3 = rootKey(v3);
    assertThat(Set.of(k1, k2, k3)).hasSize(3);
    var verifier = new Verifier();
    for (Signed<Root> r : List.of(v1, v2, v3)) {
      assertThat(r.isFixedPoint()).isTrue();
      assertThat(r.signed().roles().keySet())
          .containsExactlyInAnyOrder(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP);
      assertThat(r.signed().otherRoles()).isEmpty();
      assertThat(r.signed().role(RoleName.ROOT).keyIds()).hasSize(1);
      for (Signature sig : r.signatures()) {
        verifier.verify(r.signed().keys().get(sig.keyId()), sig.method(), r.canonical().unsafeArray(), sig.value());
      }
    }
    assertThat(v2.signed().version()).isEqualTo(2);
    assertThat(v3.signed().version()).isEqualTo(3);
    assertThat(v2.signed().keys()).containsKeys(k1, k2);
    assertThat(v3.signed().keys()).containsKeys(k1, k2, k3);
    assertThat(signers(v1)).containsExactly(k1);
    assertThat(signers(v2)).containsExactlyInAnyOrder(k1, k2);
    assertThat(signers(v3)).containsExactlyInAnyOrder(k1, k2, k3);
  }

  @Test
  void rootRotatedByNotaryIsReadByHallmark() throws Exception {
    assumeTrue(notaryCli && notaryServerSrv != null, "notary-server or openssl not installed");
    Srv s = notaryServerSrv;
    String gun = "rotate.test/notary/app" + (++counter);
    Path f = Files.writeString(work.resolve("n.txt"), "n\n");
    ok(notary(s, "n-writer", "", "init", gun, "-p"));
    ok(notary(s, "n-writer", "", "add", gun, "t1", f.toString(), "-p"));
    ok(hallmark(s, "n-old-reader", "", "list", gun)); // caches root v1
    ok(notary(s, "n-writer", "yes\n", "key", "rotate", gun, "root"));
    ok(notary(s, "n-writer", "yes\n", "key", "rotate", gun, "root", "-l", "2"));
    assertRotatedTwiceWithLegacy(s, gun);
    Result expected = notary(s, "n-fresh-notary", "", "list", gun);
    ok(expected);
    assertThat(expected.out).contains("t1");
    assertThat(hallmark(s, "n-fresh-hallmark", "", "list", gun)).isEqualTo(expected);
    assertThat(hallmark(s, "n-old-reader", "", "list", gun)).isEqualTo(expected);
    assertThat(hallmark(s, "n-writer", "", "list", gun)).isEqualTo(expected);
  }

  private static void rotateWithHallmark(Srv s, String gun) throws Exception {
    Path f = Files.writeString(work.resolve("h.txt"), "h\n");
    String w = "h-writer-" + gun.replace('/', '_');
    ok(hallmark(s, w, "", "init", gun, "-p"));
    ok(hallmark(s, w, "", "add", gun, "t1", f.toString(), "-p"));
    ok(hallmark(s, "h-old-hallmark", "", "list", gun)); // caches root v1
    if (notaryCli) {
      ok(notary(s, "h-old-notary", "", "list", gun)); // caches root v1
    }
    Result rotated = hallmark(s, w, "yes\n", "key", "rotate", gun, "root");
    assertThat(rotated).isEqualTo(new Result(0, "Warning: you are about to rotate your root key.\n\n"
        + "You must use your old key to sign this root rotation.\n"
        + "Are you sure you want to proceed?  (yes/no)  Successfully rotated root key for repository " + gun + "\n"));
    ok(hallmark(s, w, "yes\n", "key", "rotate", gun, "root", "--legacy", "2"));
    assertRotatedTwiceWithLegacy(s, gun);
    Result fresh = hallmark(s, "h-fresh-hallmark", "", "list", gun);
    ok(fresh);
    assertThat(fresh.out).contains("t1");
    assertThat(hallmark(s, "h-old-hallmark", "", "list", gun)).isEqualTo(fresh);
    if (notaryCli) {
      assertThat(notary(s, "h-fresh-notary", "", "list", gun)).isEqualTo(fresh);
      assertThat(notary(s, "h-old-notary", "", "list", gun)).isEqualTo(fresh);
    }
    // the rotated repository stays writable by both tools
    if (notaryCli) {
      ok(notary(s, w, "", "add", gun, "t2", f.toString(), "-p"));
    } else {
      ok(hallmark(s, w, "", "add", gun, "t2", f.toString(), "-p"));
    }
    assertThat(hallmark(s, "h-fresh-hallmark", "", "list", gun).out).contains("t2");
  }

  @Test
  void rootRotatedByHallmarkIsAcceptedByNotaryServer() throws Exception {
    assumeTrue(notaryServerSrv != null, "notary-server or openssl not installed");
    rotateWithHallmark(notaryServerSrv, "rotate.test/hallmark/app" + (++counter));
  }

  @Test
  void rootRotatedByHallmarkIsAcceptedByHallmarkServer() throws Exception {
    rotateWithHallmark(hallmarkSrv, "rotate.test/hallmark-server/app" + (++counter));
  }
}
