package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.client.registry.StreamedImage;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.server.TrustApiConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-platform images: an OCI layout holding an index is pushed whole, signed by its index digest, and pulled whole or per platform. */
class ImageIndexPushPullTest {
  private static final String PW = "image test passphrase";

  @TempDir
  Path dir;

  record Run(int status, String out, String err) {}

  private Run hallmark(TestServer server, Path trustDir, String... args) {
    var all = new ArrayList<>(List.of("-d", trustDir.toString(), "--tlscacert", server.caCert().toString()));
    all.addAll(List.of(args));
    var out = new StringWriter();
    var err = new StringWriter();
    Map<String, String> env = Map.of("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", PW,
        "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PW, "HOME", dir.toString());
    int code = Main.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Run(code, out.toString(), err.toString());
  }

  /** The layout's index and its two platform manifests (amd64, arm64/v8). */
  record MultiPlatform(Digest index, Digest amd64, Digest arm64) {}

  static MultiPlatform multiPlatformLayout(Path layout, String tag) throws Exception {
    Files.createDirectories(layout.resolve("blobs/sha256"));
    Digest amd64 = image(layout, "amd64");
    Digest arm64 = image(layout, "arm64");
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":["
        + entry(layout, amd64) + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
        + entry(layout, arm64) + ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}")
        .getBytes(StandardCharsets.UTF_8);
    Digest indexDigest = blob(layout, index);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_INDEX
        + "\",\"digest\":\"" + indexDigest + "\",\"size\":" + index.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    return new MultiPlatform(indexDigest, amd64, arm64);
  }

  private static String entry(Path layout, Digest manifest) throws Exception {
    long size = Files.size(layout.resolve("blobs/sha256/" + manifest.hex()));
    return "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + manifest + "\",\"size\":" + size;
  }

  private static Digest image(Path layout, String arch) throws Exception {
    byte[] layer = ("layer for " + arch).getBytes(StandardCharsets.UTF_8);
    byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
        .getBytes(StandardCharsets.UTF_8);
    Digest l = blob(layout, layer);
    Digest c = blob(layout, config);
    return blob(layout, ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaType.OCI_CONFIG + "\",\"digest\":\"" + c + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + l + "\",\"size\":" + layer.length + "}]}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static Digest blob(Path layout, byte[] content) throws Exception {
    Digest d = Digest.sha256(content);
    Files.write(layout.resolve("blobs/sha256/" + d.hex()), content);
    return d;
  }

  @Test
  void anIndexIsPushedWithEveryPlatformSignedByItsDigestAndPulledWholeOrPerPlatform() throws Exception {
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      String gun = "127.0.0.1:" + server.port() + "/dev/multi";
      Path layout = dir.resolve("layout");
      MultiPlatform mp = multiPlatformLayout(layout, "v1");

      Run push = hallmark(server, dir.resolve("pusher"), "push", layout.toString(), gun + ":v1", "--trust");
      assertThat(push.status()).as(push.out() + push.err()).isZero();
      // as docker: the signed target is the index
      assertThat(push.out()).contains("v1: digest: " + mp.index()).contains("Successfully signed");

      Path whole = dir.resolve("whole.tar");
      Run pull = hallmark(server, dir.resolve("fresh"), "pull", gun + ":v1", "-o", whole.toString(), "--trust");
      assertThat(pull.status()).as(pull.out() + pull.err()).isZero();
      assertThat(pull.out()).contains("Digest: " + mp.index());
      try (var opened = ImageArchive.open(whole, Optional.of("v1"))) {
        StreamedImage image = opened.image();
        assertThat(image.isIndex()).isTrue();
        assertThat(image.digest()).isEqualTo(mp.index());
        assertThat(image.children()).extracting(StreamedImage::digest).containsExactly(mp.amd64(), mp.arm64());
        assertThat(image.children()).allSatisfy(c -> assertThat(c.blobs()).hasSize(2));
      }
      // the pulled layout pushes again as the same index
      Run again = hallmark(server, dir.resolve("pusher"), "push", whole.toString(), gun + ":copy");
      assertThat(again.status()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("copy: digest: " + mp.index()).contains("Layer already exists");

      Path arm = dir.resolve("arm.tar");
      Run one = hallmark(server, dir.resolve("fresh"), "pull", gun + ":v1", "-o", arm.toString(), "--trust",
          "--platform", "linux/arm64");
      assertThat(one.status()).as(one.out() + one.err()).isZero();
      assertThat(ImageArchive.read(arm, Optional.of("v1")).digest()).isEqualTo(mp.arm64());

      Run none = hallmark(server, dir.resolve("fresh"), "pull", gun + ":v1", "-o", dir.resolve("s390x.tar").toString(),
          "--platform", "linux/s390x");
      assertThat(none.status()).isEqualTo(1);
      assertThat(none.err()).contains("no manifest for linux/s390x").contains("linux/arm64/v8");
    }
  }
}
