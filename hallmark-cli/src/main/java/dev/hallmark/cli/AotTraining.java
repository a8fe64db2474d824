package dev.hallmark.cli;

import dev.hallmark.server.TrustApiConfig;
import dev.hallmark.signer.KeyAlgorithm;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.IOException;
import java.net.URI;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The workload that trains the client's JDK AOT cache ({@code hallmark __aot-train}, run by the
 * {@code hallmark} launcher with {@code -XX:AOTCacheOutput} right after a build): it starts a trust
 * server on 127.0.0.1:0 and runs, in this JVM, the notary commands a pipeline runs against it, so the
 * cache holds the classes, linked call sites and profiles of real client paths.
 *
 * <p>The server runs in a child JVM ({@code __aot-train-server}): the cache preloads every class it
 * holds at each start, and the server's (Jetty, H2, logback and the JDK classes they use) would make
 * every client start pay for classes it never touches. The commands read their passphrases from the
 * {@code NOTARY_*_PASSPHRASE} variables, as in CI; the launcher sets them for the training run.
 */
final class AotTraining {
  private static final List<String> PASSPHRASES = List.of("NOTARY_ROOT_PASSPHRASE", "NOTARY_TARGETS_PASSPHRASE",
      "NOTARY_SNAPSHOT_PASSPHRASE", "NOTARY_DELEGATION_PASSPHRASE");

  private AotTraining() {}

  /** Runs the workload; 0 when every command succeeded. */
  static int run(PrintWriter err) throws Exception {
    for (String v : PASSPHRASES) {
      if (System.getenv(v) == null) {
        err.println("hallmark __aot-train: set " + String.join(", ", PASSPHRASES));
        return 2;
      }
    }
    Path work = Files.createTempDirectory("hallmark-aot-train");
    Process server = null;
    try {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java));
      // the launcher passes the server's own JVM flags and an -XX:AOTCacheOutput when it trains the
      // server's cache alongside the client's: the same workload then trains both
      String serverOpts = System.getenv("HALLMARK_AOT_SERVER_OPTS");
      if (serverOpts != null && !serverOpts.isBlank()) {
        command.addAll(List.of(serverOpts.strip().split("\\s+")));
      } else {
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      }
      command.addAll(List.of("-Dhallmark.tls.warmup.mb=0", "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "__aot-train-server", work.resolve("server").toString()));
      server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      var lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
      String port = lines.readLine();
      if (port == null || !port.matches("\\d+")) {
        err.println("hallmark __aot-train: the training server did not start");
        return 1;
      }
      return commands(work, "https://127.0.0.1:" + port, err);
    } finally {
      if (server != null) {
        server.getOutputStream().close();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /**
   * The training server ({@code __aot-train-server DIR}): prints its port, then serves until its
   * standard input ends. Also writes DIR/delegate.crt, a certificate for {@code delegation add}.
   */
  static int serve(Path dir) throws Exception {
    ServerCommand.applyLogLevel("error");
    var settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), dir, Optional.empty(), Optional.empty(),
        false, KeyAlgorithm.ECDSA, Optional.empty(), TrustApiConfig.DEFAULTS, "error");
    try (var running = TrustServerWiring.start(settings, Clock.systemUTC(),
        Map.of("HALLMARK_SIGNER_PASSPHRASE", "aot-training"))) {
      writeCertificate(dir.resolve("delegate.crt"));
      System.out.println(running.port());
      System.out.flush();
      System.in.transferTo(OutputStream.nullOutputStream());
    }
    return 0;
  }

  /**
   * An OCI layout with one layer of {@code megabytes} of random bytes (gzip-wrapped), for the push and
   * pull the training runs: large enough that the server's blob paths (TLS records, file streaming)
   * get hot and profiled.
   */
  private static void layout(Path dir, String tag, int megabytes) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    byte[] random = new byte[megabytes << 20];
    new java.security.SecureRandom().nextBytes(random);
    var gz = new java.io.ByteArrayOutputStream();
    try (var g = new java.util.zip.GZIPOutputStream(gz)) {
      g.write(random);
    }
    byte[] layer = gz.toByteArray();
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[\"" + dev.hallmark.oci.Digest.sha256(random) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + dev.hallmark.oci.Digest.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + dev.hallmark.oci.Digest.sha256(layer)
        + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    for (byte[] b : List.of(layer, config, manifest)) {
      Files.write(dir.resolve("blobs/sha256/" + dev.hallmark.oci.Digest.sha256(b).hex()), b);
    }
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + dev.hallmark.oci.Digest.sha256(manifest)
        + "\",\"size\":" + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag
        + "\"}}]}");
  }

  private static int commands(Path work, String url, PrintWriter err) throws IOException {
    Path artifact = Files.writeString(work.resolve("artifact.bin"), "aot training artifact\n");
    Path cert = work.resolve("server/delegate.crt");
    String ca = work.resolve("server/tls/ca.crt").toString();
    String[] remote = {"-d", work.resolve("trust").toString(), "-s", url, "--tlscacert", ca};
    String gun = "aot.example/train";
    List<List<String>> runs = new ArrayList<>();
    runs.add(List.of("--help"));
    runs.add(List.of("--version"));
    for (int round = 0; round < 2; round++) {
      String g = gun + round;
      runs.add(List.of("init", g, "-p"));
      runs.add(List.of("add", g, "seed", artifact.toString(), "-p"));
      runs.add(List.of("list", g));
      runs.add(List.of("lookup", g, "seed"));
      runs.add(List.of("delegation", "add", g, "targets/releases", cert.toString(), "--all-paths", "-p"));
      runs.add(List.of("delegation", "list", g));
      runs.add(List.of("add", g, "staged", artifact.toString()));
      runs.add(List.of("status", g));
      runs.add(List.of("publish", g));
      runs.add(List.of("list", g));
      runs.add(List.of("key", "list"));
      runs.add(List.of("lookup", g, "missing"));
    }
    // the registry: a signed push and trusted pulls of an image with a large layer
    String host = URI.create(url).getAuthority();
    layout(work.resolve("image"), "1", 48);
    runs.add(List.of("push", work.resolve("image").toString(), host + "/train/app:1", "--trust"));
    for (int i = 0; i < 3; i++) {
      runs.add(List.of("pull", host + "/train/app:1", "-o", work.resolve("pulled" + i + ".tar").toString(), "--trust"));
    }
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE", "aot-training");
    env.put("DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", "aot-training");
    int failed = 0;
    for (List<String> run : runs) {
      List<String> args = new ArrayList<>(List.of(remote));
      args.addAll(run);
      var out = new StringWriter();
      int status = Main.execute(args.toArray(String[]::new), new PrintWriter(out),
          new PrintWriter(OutputStream.nullOutputStream()), env);
      boolean expectedFailure = run.getLast().equals("missing");
      if ((status != 0) != expectedFailure) {
        err.println("hallmark __aot-train: " + String.join(" ", run) + " exited " + status + ": " + out.toString().strip());
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }

  private static void writeCertificate(Path file) throws Exception {
    var gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    var pair = gen.generateKeyPair();
    var name = new org.bouncycastle.asn1.x500.X500Name("CN=aot-delegate");
    Instant now = Instant.now();
    var holder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic())
        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(holder.getEncoded());
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
  }
}
