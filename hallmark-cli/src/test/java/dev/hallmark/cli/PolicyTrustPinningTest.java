package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.TrustPinning;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.Policy;
import dev.hallmark.policy.Reason;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.TufCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --policy-trust-pinning}: policy decisions trust a collection's root only as the configured
 * pinning allows (notary's {@code trust_pinning}), not merely because the server stored it.
 */
class PolicyTrustPinningTest {
  private static final String PASSPHRASE = "pinning test passphrase";

  @TempDir
  Path dir;

  private TrustServerWiring.Running start(TrustPinning pinning) throws Exception {
    var settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dir.resolve("data"), Optional.empty(),
        Optional.empty(), false, dev.hallmark.signer.KeyAlgorithm.ECDSA, Optional.empty(),
        dev.hallmark.server.TrustApiConfig.DEFAULTS, "error")
        .withPolicy(new PolicySettings(List.of(), Duration.ofSeconds(10), pinning))
        .withGlobalPolicy(Policy.requireSignatures(List.of()));
    return TrustServerWiring.start(settings, Clock.systemUTC(), Map.of("HALLMARK_SIGNER_PASSPHRASE", "test passphrase"));
  }

  @Test
  void decisionsTrustOnlyPinnedRoots() throws Exception {
    String gun;
    KeyId rootKey;
    try (var running = start(TrustPinning.TOFU)) {
      gun = "127.0.0.1:" + running.port() + "/dev/app";
      Path layout = dir.resolve("layout");
      ImagePushPullTest.ociLayout(layout, "1", "pinned content");
      var out = new StringWriter();
      int status = Main.execute(new String[] {"-d", dir.resolve("trust").toString(), "--tlscacert",
          dir.resolve("data/tls/ca.crt").toString(), "push", layout.toString(), gun + ":1", "--trust"},
          new PrintWriter(out, true), new PrintWriter(out, true), Map.of("HOME", dir.toString(),
              "DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PASSPHRASE, "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PASSPHRASE));
      assertThat(status).as(out.toString()).isZero();
      var root = new TestServerClient(running, dir.resolve("data/tls/ca.crt")).get("/v2/" + gun + "/_trust/tuf/root.json");
      rootKey = TufCodec.decodeRoot(Bytes.wrap(root)).signed().role(RoleName.ROOT).keyIds().getFirst();
      // trust on first use: the root verifies; nobody known signed, so the policy denies for that reason
      assertThat(running.policy().admission().check(gun + ":1").reason()).isEqualTo(Reason.NO_KNOWN_SIGNER);
    }

    KeyId other = new KeyId("0".repeat(64));
    try (var running = start(new TrustPinning(Map.of("127.0.0.1*", List.of(other)), Map.of(), true))) {
      Decision d = running.policy().admission().check(gun + ":1");
      assertThat(d.reason()).isEqualTo(Reason.UNTRUSTED);
      assertThat(d.message()).contains("failed verification");
    }
    try (var running = start(new TrustPinning(Map.of(gun, List.of(rootKey)), Map.of(), true))) {
      assertThat(running.policy().admission().check(gun + ":1").reason()).isEqualTo(Reason.NO_KNOWN_SIGNER);
    }
  }

  /** GETs from a running server over its own TLS. */
  private record TestServerClient(TrustServerWiring.Running running, Path ca) {
    byte[] get(String path) throws Exception {
      var http = java.net.http.HttpClient.newBuilder().sslContext(TestServer.trusting(ca)).build();
      var r = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("https://127.0.0.1:" + running.port() + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    }
  }
}
