package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.client.TrustPinning;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --webhook-token-file}: the admission webhook answers only the caller holding the token. */
class WebhookTokenTest {
  private static final String TOKEN = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8";
  private static final String REVIEW = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
      + "\"request\":{\"uid\":\"u-1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
      + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},\"operation\":\"CREATE\","
      + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
      + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"docker.io/library/nginx:1\"}]}}}}";

  @TempDir
  Path dir;

  @Test
  void theWebhookNeedsItsToken() throws Exception {
    var settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dir.resolve("data"), Optional.empty(),
        Optional.empty(), false, dev.hallmark.signer.KeyAlgorithm.ECDSA, Optional.empty(),
        dev.hallmark.server.TrustApiConfig.DEFAULTS, "error")
        .withPolicy(new PolicySettings(List.of(), Duration.ofSeconds(10), TrustPinning.TOFU, Optional.of(TOKEN)));
    try (var running = TrustServerWiring.start(settings, Clock.systemUTC(), Map.of("HALLMARK_SIGNER_PASSPHRASE", "x"))) {
      HttpClient http = HttpClient.newBuilder().sslContext(TestServer.trusting(dir.resolve("data/tls/ca.crt"))).build();
      URI admit = URI.create("https://127.0.0.1:" + running.port() + "/policy/v1/admit");
      for (Optional<String> auth : List.of(Optional.<String>empty(), Optional.of("Bearer wrong"),
          Optional.of("Bearer " + TOKEN + "x"), Optional.of(TOKEN))) {
        var b = HttpRequest.newBuilder(admit).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(REVIEW));
        auth.ifPresent(a -> b.header("Authorization", a));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(auth.toString()).isEqualTo(401);
        assertThat(r.body()).contains("UNAUTHORIZED");
      }
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(admit).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(REVIEW)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"allowed\":true");
    }
    assertThatThrownBy(() -> new PolicySettings(List.of(), Duration.ofSeconds(1), TrustPinning.TOFU, Optional.of("short")))
        .hasMessageContaining("at least 32");
  }
}
