package dev.hallmark.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.access.ScopeCheck;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client: skopeo (Debian {@code skopeo}, containers/image) pushes an OCI layout to the
 * registry, inspects it and pulls it back.
 */
class SkopeoInteropTest {
  static final Path SKOPEO = Path.of("/usr/bin/skopeo");
  @TempDir
  Path dir;

  @Test
  void skopeoCopiesAnImageInAndOut() throws Exception {
    assumeTrue(Files.isExecutable(SKOPEO), "no skopeo binary");
    try (var server = new RegistryServer(dir.resolve("server"), RegistryConfig.defaults(), ScopeCheck.ALLOW_ALL)) {
      Path certs = Files.createDirectories(dir.resolve("certs"));
      Files.copy(server.caCert(), certs.resolve("ca.crt"));
      Path layout = ociLayout(dir.resolve("in"));
      String host = "127.0.0.1:" + server.http.port();

      run("copy", "--insecure-policy", "--dest-cert-dir", certs.toString(), "oci:" + layout + ":v1",
          "docker://" + host + "/interop/skopeo:v1");
      String inspect = run("inspect", "--cert-dir", certs.toString(), "--raw", "docker://" + host + "/interop/skopeo:v1");
      assertThat(inspect).contains(MediaType.OCI_MANIFEST.value());
      Path out = dir.resolve("out");
      run("copy", "--insecure-policy", "--src-cert-dir", certs.toString(), "docker://" + host + "/interop/skopeo:v1",
          "oci:" + out + ":v1");
      String index = Files.readString(out.resolve("index.json"));
      String pushedManifest = Files.readString(layout.resolve("index.json"));
      String digest = pushedManifest.replaceAll("(?s).*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
      assertThat(index).contains(digest);
      assertThat(run("list-tags", "--cert-dir", certs.toString(), "docker://" + host + "/interop/skopeo")).contains("\"v1\"");
      // docker schema 2 conversion on the way in
      run("copy", "--insecure-policy", "--dest-cert-dir", certs.toString(), "--format", "v2s2", "oci:" + layout + ":v1",
          "docker://" + host + "/interop/skopeo:docker");
      assertThat(run("inspect", "--cert-dir", certs.toString(), "--raw", "docker://" + host + "/interop/skopeo:docker"))
          .contains(MediaType.DOCKER_MANIFEST.value());
    }
  }

  private String run(String... args) throws Exception {
    var cmd = new ArrayList<String>(List.of(SKOPEO.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + text).isZero();
    return text;
  }

  /** A one-layer OCI image layout tagged v1. */
  private Path ociLayout(Path layout) throws Exception {
    Path content = Files.createDirectories(dir.resolve("rootfs"));
    Files.writeString(content.resolve("hello.txt"), "hello from hallmark\n");
    Path tar = dir.resolve("layer.tar");
    Process p = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", content.toString(), "hello.txt").inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    byte[] tarBytes = Files.readAllBytes(tar);
    var gz = new ByteArrayOutputStream();
    try (var g = new GZIPOutputStream(gz)) {
      g.write(tarBytes);
    }
    byte[] layer = gz.toByteArray();
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + Digest.sha256(tarBytes) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length
        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + Digest.sha256(layer)
        + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    for (byte[] b : List.of(layer, config, manifest)) {
      Files.write(blobs.resolve(Digest.sha256(b).hex()), b);
    }
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST
        + "\",\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":" + manifest.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
    return layout;
  }
}
