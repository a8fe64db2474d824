package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Repository;
import dev.hallmark.server.TrustApiConfig;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hallmark server` serves the registry and the trust API on one origin. */
class OneOriginTest {
  @TempDir
  Path dir;

  @Test
  void registryAndTrustShareTheOrigin() throws Exception {
    try (var server = new TestServer(dir, TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      var ping = server.get("/v2/");
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(new String(ping.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
      assertThat(ping.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");

      byte[] blob = "layer".getBytes(StandardCharsets.UTF_8);
      Digest d = Digest.sha256(blob);
      var push = server.send(server.request("/v2/example.com/app/blobs/uploads/?digest=" + d)
          .POST(BodyPublishers.ofByteArray(blob)).build());
      assertThat(push.statusCode()).isEqualTo(201);
      assertThat(server.get("/v2/example.com/app/blobs/" + d).body()).isEqualTo(blob);
      assertThat(Files.exists(dir.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex()))).isTrue();

      // the same name's trust paths still go to the trust API
      var trust = server.get("/v2/example.com/app/_trust/tuf/root.json");
      assertThat(trust.statusCode()).isEqualTo(404);
      assertThat(new String(trust.body(), StandardCharsets.UTF_8)).contains("METADATA_NOT_FOUND");
      assertThat(server.get("/_notary_server/health").statusCode()).isEqualTo(200);

      // the composition root exposes repository creation and GC
      assertThat(server.running.repositories().create(new Repository("team/new"))).isTrue();
      assertThat(new String(server.get("/v2/_catalog").body(), StandardCharsets.UTF_8)).contains("team/new").contains("example.com/app");
      assertThat(server.running.garbageCollection().run(false).blobsDeleted()).isZero(); // within the grace period
    }
  }
}
