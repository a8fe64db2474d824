package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.client.Change;
import dev.hallmark.client.ContentTrust;
import dev.hallmark.client.HttpRemoteStore;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.registry.Image;
import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.Passphrase;
import dev.hallmark.keys.PassphraseRetriever;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.tuf.Gun;
import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.client.registry.StreamedImage;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.server.TrustApiConfig;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hallmark push --trust} and {@code hallmark pull --trust} against the in-process registry and trust server, single images and multi-platform indexes. */
class ImagePushPullTest {
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

  /** An OCI layout directory with one config blob, one gzipped layer and the manifest tagged {@code tag}. */
  static Digest ociLayout(Path layout, String tag, String content) throws Exception {
    Files.createDirectories(layout.resolve("blobs/sha256"));
    byte[] layerTar = tarOf("hello.txt", content.getBytes(StandardCharsets.UTF_8));
    var gz = new ByteArrayOutputStream();
    try (var g = new GZIPOutputStream(gz)) {
      g.write(layerTar);
    }
    byte[] layer = gz.toByteArray();
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + Digest.sha256(layerTar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256(config)
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + Digest.sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    for (byte[] b : List.of(layer, config, manifest)) {
      Files.write(layout.resolve("blobs/sha256/" + Digest.sha256(b).hex()), b);
    }
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":"
        + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    return Digest.sha256(manifest);
  }

  private static byte[] tarOf(String name, byte[] data) throws Exception {
    byte[] h = new byte[512];
    System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, h, 0, name.length());
    byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, h, 124, size.length);
    System.arraycopy("0000644".getBytes(StandardCharsets.US_ASCII), 0, h, 100, 7);
    h[156] = '0';
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] chk = String.format("%06o\0", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, h, 148, chk.length);
    var out = new ByteArrayOutputStream();
    out.write(h);
    out.write(data);
    out.write(new byte[(512 - data.length % 512) % 512 + 1024]);
    return out.toByteArray();
  }

  @Test
  void signedPushThenTrustedPullFromAFreshTrustDirGetsIdenticalBytes() throws Exception {
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      String host = "127.0.0.1:" + server.port();
      String gun = host + "/dev/app";
      Path layout = dir.resolve("layout");
      Digest digest = ociLayout(layout, "v1", "signed content");
      Path pusher = dir.resolve("pusher-trust");

      Run push = hallmark(server, pusher, "push", layout.toString(), gun + ":v1", "--trust");
      assertThat(push.status()).as(push.out() + push.err()).isZero();
      assertThat(push.out()).contains("v1: digest: " + digest).contains("Successfully signed " + gun + ":v1 into targets");
      // docker's layout: root key under private/, the server manages the snapshot key
      assertThat(Files.exists(pusher.resolve("tuf").resolve(host).resolve("dev/app/metadata/root.json"))).isTrue();

      // a second signed push of the same tag updates the existing collection
      Run again = hallmark(server, pusher, "push", layout.toString(), gun + ":v1", "--trust");
      assertThat(again.status()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).doesNotContain("Initialized trust data");

      if (Files.isExecutable(Path.of("/usr/bin/notary"))) {
        var pb = new ProcessBuilder("notary", "-d", dir.resolve("notary-trust").toString(), "-s", server.url(),
            "--tlscacert", server.caCert().toString(), "list", gun).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(listing).isZero();
        assertThat(listing).containsPattern("v1\\s+" + digest.hex() + "\\s+\\d+\\s+targets");
      }

      Path pulled = dir.resolve("pulled.tar");
      Run pull = hallmark(server, dir.resolve("puller-trust"), "pull", gun + ":v1", "--output", pulled.toString(), "--trust");
      assertThat(pull.status()).as(pull.out() + pull.err()).isZero();
      assertThat(pull.out()).contains("@" + digest).contains("Digest: " + digest);
      Image original = ImageArchive.read(layout, Optional.of("v1"));
      Image copy = ImageArchive.read(pulled, Optional.of("v1"));
      assertThat(copy.manifest()).isEqualTo(original.manifest());
      assertThat(copy.blobs()).isEqualTo(original.blobs());

      // an unsigned tag is pushed fine without trust, and refused by a trusted pull
      Path unsigned = dir.resolve("unsigned");
      ociLayout(unsigned, "v2", "unsigned content");
      Run plain = hallmark(server, dir.resolve("plain-trust"), "push", unsigned.toString(), gun + ":v2");
      assertThat(plain.status()).as(plain.out() + plain.err()).isZero();
      Run refused = hallmark(server, dir.resolve("puller-trust"), "pull", gun + ":v2", "--output",
          dir.resolve("v2.tar").toString(), "--trust");
      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.err()).contains("No trust data for v2");
      assertThat(Files.exists(dir.resolve("v2.tar"))).isFalse();
      // without trust the tag pulls
      Run untrusted = hallmark(server, dir.resolve("puller-trust"), "pull", gun + ":v2", "--output", dir.resolve("v2.tar").toString());
      assertThat(untrusted.status()).as(untrusted.out() + untrusted.err()).isZero();
    }
  }

  @Test
  void withDelegationsTheTagIsSignedIntoTheReleasesRoleTheUserHoldsAKeyFor() throws Exception {
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      String gun = "127.0.0.1:" + server.port() + "/dev/delegated";
      Path layout = dir.resolve("layout");
      ociLayout(layout, "v1", "first");
      Path pusher = dir.resolve("pusher-trust");
      assertThat(hallmark(server, pusher, "push", layout.toString(), gun + ":v1", "--trust").status()).isZero();

      // the owner delegates targets/releases to a key it holds (docker: notary delegation add --all-paths)
      var keys = TrustDirKeyStore.open(pusher, PassphraseRetriever.constant(Passphrase.of(PW)));
      PrivateKey releasesKey = PrivateKey.generateEcdsa(KeyRole.of("targets/releases"));
      keys.add(releasesKey);
      var remote = HttpRemoteStore.builder(java.net.URI.create(server.url())).caFile(server.caCert()).build();
      try (var client = TrustClient.builder(pusher, remote).keys(keys).build()) {
        Gun g = new Gun(gun);
        client.changelist(g).add(Change.addDelegationKeys(ContentTrust.RELEASES, List.of(releasesKey.publicKey()), 1));
        client.changelist(g).add(Change.addDelegationPaths(ContentTrust.RELEASES, List.of("")));
        client.publish(g);
      }

      Path v2 = dir.resolve("v2");
      Digest digest = ociLayout(v2, "v2", "second");
      Run push = hallmark(server, pusher, "push", v2.toString(), gun + ":v2", "--trust");
      assertThat(push.status()).as(push.out() + push.err()).isZero();
      assertThat(push.out()).contains("into targets/releases");
      Run pull = hallmark(server, dir.resolve("fresh"), "pull", gun + ":v2", "-o", dir.resolve("v2.tar").toString(), "--trust");
      assertThat(pull.status()).as(pull.out() + pull.err()).isZero();
      assertThat(pull.out()).contains("Digest: " + digest);

      // someone without the delegation's key cannot sign once delegations exist
      Run stranger = hallmark(server, dir.resolve("fresh"), "push", v2.toString(), gun + ":v3", "--trust");
      assertThat(stranger.status()).isEqualTo(1);
      assertThat(stranger.err()).contains("no valid signing keys for delegation roles");
    }
  }

  @Test
  void aDockerSaveTarballIsPushedAsADockerSchema2Manifest() throws Exception {
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      String gun = "127.0.0.1:" + server.port() + "/dev/saved";
      byte[] layer = tarOf("a.txt", "saved".getBytes(StandardCharsets.UTF_8));
      byte[] config = ("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layer) + "\"]}}")
          .getBytes(StandardCharsets.UTF_8);
      String configName = Digest.sha256(config).hex() + ".json";
      var files = new java.util.LinkedHashMap<String, byte[]>();
      files.put("manifest.json", ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"saved:v1\"],\"Layers\":[\"abc/layer.tar\"]}]")
          .getBytes(StandardCharsets.UTF_8));
      files.put(configName, config);
      files.put("abc/layer.tar", layer);
      Path saved = dir.resolve("saved.tar");
      var bytes = new ByteArrayOutputStream();
      for (var e : files.entrySet()) {
        byte[] t = tarOf(e.getKey(), e.getValue());
        bytes.write(t, 0, t.length - 1024);
      }
      bytes.write(new byte[1024]);
      Files.write(saved, bytes.toByteArray());

      Run push = hallmark(server, dir.resolve("t"), "push", saved.toString(), gun + ":v1", "--trust");
      assertThat(push.status()).as(push.out() + push.err()).isZero();
      Run pull = hallmark(server, dir.resolve("fresh"), "pull", gun + ":v1", "-o", dir.resolve("out.tar").toString(), "--trust");
      assertThat(pull.status()).as(pull.out() + pull.err()).isZero();
      Image image = ImageArchive.read(dir.resolve("out.tar"), Optional.of("v1"));
      assertThat(image.mediaType().value()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
      assertThat(image.blobs()).containsKey(Digest.sha256(config));
    }
  }

  @Test
  void trustedPullOfARepositoryWithoutTrustDataIsRefused() throws Exception {
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      String gun = "127.0.0.1:" + server.port() + "/dev/none";
      Path layout = dir.resolve("layout");
      ociLayout(layout, "v1", "content");
      assertThat(hallmark(server, dir.resolve("t1"), "push", layout.toString(), gun + ":v1").status()).isZero();
      Run refused = hallmark(server, dir.resolve("t2"), "pull", gun + ":v1", "-o", dir.resolve("x.tar").toString(), "--trust");
      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.err()).contains("No trust data for v1");
    }
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

  @Test
  void aDockerSaveTarballOfDocker25WithAnIndexIsPushedAsTheIndex() throws Exception {
    try (var server = new TestServer(dir.resolve("server"), TrustApiConfig.DEFAULTS, Clock.systemUTC())) {
      Path layout = dir.resolve("layout");
      MultiPlatform mp = multiPlatformLayout(layout, "v1");
      // docker 25+ writes the OCI layout and a legacy manifest.json side by side
      Files.writeString(layout.resolve("manifest.json"), "[{\"Config\":\"missing.json\",\"RepoTags\":[\"x:v1\"],\"Layers\":[]}]");
      var bytes = new ByteArrayOutputStream();
      try (var files = Files.walk(layout)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          byte[] t = tarOf(layout.relativize(f).toString(), Files.readAllBytes(f));
          bytes.write(t, 0, t.length - 1024);
        }
      }
      bytes.write(new byte[1024]);
      Path saved = dir.resolve("saved.tar");
      Files.write(saved, bytes.toByteArray());
      Run push = hallmark(server, dir.resolve("t"), "push", saved.toString(), "127.0.0.1:" + server.port() + "/dev/saved25:v1");
      assertThat(push.status()).as(push.out() + push.err()).isZero();
      assertThat(push.out()).contains("v1: digest: " + mp.index());
    }
  }
}
