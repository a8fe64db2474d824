package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.registry.BlobSource;
import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.oci.Digest;
import dev.hallmark.server.TrustApiConfig;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and pull stream layers: a 300 MiB layer goes through {@code hallmark push} and {@code hallmark pull}
 * run as CLI processes with a 128 MiB heap.
 */
class LargeLayerStreamingTest {
  private static final long LAYER = 300L << 20;
  private static final long STEP_SECONDS = 240;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aLayerLargerThanTheHeapIsPushedAndPulled() throws Exception {
    Path layout = dir.resolve("layout");
    Digest layer = layoutWithLayer(layout);
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      String ref = "127.0.0.1:" + server.port() + "/big/app:v1";
      String push = hallmark(server, "push", layout.toString(), ref);
      assertThat(push).contains(layer.hex().substring(0, 12) + ": Pushed").contains("v1: digest: ");

      Path pulled = dir.resolve("pulled.tar");
      String pull = hallmark(server, "pull", ref, "-o", pulled.toString());
      assertThat(pull).contains(layer.hex().substring(0, 12) + ": Pull complete");
      try (var opened = ImageArchive.open(pulled, Optional.of("v1"))) {
        BlobSource big = opened.image().blobs().getLast();
        assertThat(big.digest()).isEqualTo(layer);
        assertThat(big.size()).isEqualTo(LAYER);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = big.content().open(); var out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
          in.transferTo(out);
        }
        assertThat(Digest.of(Digest.Algorithm.SHA256, sha)).isEqualTo(layer);
      }
    }
  }

  /** Runs {@code hallmark} in a JVM with a 128 MiB heap; returns its output, failing on a non-zero exit. */
  private String hallmark(TestServer server, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "-d", dir.resolve("trust").toString(), "--tlscacert", server.caCert().toString()));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "hallmark", ".log");
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hallmark " + args[0] + " took more than " + STEP_SECONDS + " s: " + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  /** An OCI layout whose one layer is {@link #LAYER} bytes of pseudo-random data, written without holding it. */
  private static Digest layoutWithLayer(Path layout) throws Exception {
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    Path tmp = layout.resolve("layer.tmp");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[1 << 20];
    var random = new Random(42);
    try (var out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), sha)) {
      for (long written = 0; written < LAYER; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    Digest layer = Digest.of(Digest.Algorithm.SHA256, sha);
    Files.move(tmp, blobs.resolve(layer.hex()));
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    Files.write(blobs.resolve(Digest.sha256(config).hex()), config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
        + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":"
        + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer
        + "\",\"size\":" + LAYER + "}]}").getBytes(StandardCharsets.UTF_8);
    Files.write(blobs.resolve(Digest.sha256(manifest).hex()), manifest);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":"
        + manifest.length + "}]}");
    return layer;
  }
}
