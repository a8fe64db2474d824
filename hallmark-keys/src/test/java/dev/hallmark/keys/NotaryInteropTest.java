package dev.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.Verifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real notary 0.7 and Docker CLI read what Hallmark writes, and the other way round. */
class NotaryInteropTest {
  private static final String PASS = "interop-pass-1";
  private static final byte[] MESSAGE = "{\"_type\":\"Targets\"}".getBytes(StandardCharsets.UTF_8);
  private final Verifier verifier = new Verifier();
  private final KeyFileCodec codec = new KeyFileCodec();

  @TempDir
  Path tmp;

  @BeforeEach
  void requireNotary() {
    Tools.assumeNotary();
  }

  private Tools.Result notary(Map<String, String> env, String... args) throws Exception {
    var cmd = new java.util.ArrayList<String>();
    cmd.add(Tools.NOTARY.toString());
    cmd.addAll(List.of(args));
    return Tools.run(cmd, env, tmp);
  }

  private void verifySigns(PrivateKey key, PublicKey published) {
    assertThat(key.id()).isEqualTo(published.id());
    var sig = key.sign(MESSAGE);
    verifier.verify(published, sig.method(), MESSAGE, sig.value());
  }

  private static PublicKey publicKeyFile(Path file) throws Exception {
    Pem block = Pem.decodeFirst(Files.readString(file));
    assertThat(block.type()).isEqualTo("PUBLIC KEY");
    return new PublicKey(KeyType.ECDSA, block.content());
  }

  @Test
  void decryptsAndSignsWithAKeyFromNotaryKeyGenerate() throws Exception {
    var r = notary(Map.of("NOTARY_DELEGATION_PASSPHRASE", PASS), "-d", tmp.resolve("nd").toString(),
        "key", "generate", "ecdsa", "--role", "alice", "-o", "base");
    assertThat(r.exit()).as(r.output()).isZero();
    PrivateKey key = codec.decode(Files.readString(tmp.resolve("base-key.pem")), Passphrase.of(PASS));
    assertThat(key.role()).isEqualTo(KeyRole.of("alice"));
    verifySigns(key, publicKeyFile(tmp.resolve("base.pem")));
  }

  @Test
  void readsTheTrustDirOfDockerTrustKeyGenerate() throws Exception {
    Path docker = Tools.docker();
    assumeTrue(docker != null, "docker CLI not installed");
    Path config = Files.createDirectories(tmp.resolve("docker-config"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    var env = Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE", PASS);
    var r = Tools.run(List.of(docker.toString(), "trust", "key", "generate", "alice", "--dir", out.toString()), env, tmp);
    assertThat(r.exit()).as(r.output()).isZero();

    var store = TrustDirKeyStore.open(config.resolve("trust"),
        PassphraseRetriever.docker(env, new PassphraseRetrieverTest.ScriptedConsole(false)));
    List<KeyEntry> keys = store.list();
    assertThat(keys).hasSize(1);
    assertThat(keys.getFirst().role()).isEqualTo(KeyRole.of("alice"));
    verifySigns(store.key(keys.getFirst().id()), publicKeyFile(out.resolve("alice.pub")));
  }

  @Test
  void notaryListsExportsAndRekeysHallmarkKeys() throws Exception {
    Path dir = tmp.resolve("hallmark-trust");
    var store = TrustDirKeyStore.open(dir, PassphraseRetriever.constant(Passphrase.of(PASS)));
    PrivateKey targets = PrivateKey.generateEcdsa(KeyRole.TARGETS, new Gun("example.com/app"));
    PrivateKey root = PrivateKey.generateEcdsa(KeyRole.ROOT);
    PrivateKey alice = PrivateKey.generateEcdsa(KeyRole.of("alice"));
    for (PrivateKey k : List.of(targets, root, alice)) {
      store.add(k);
    }

    var list = notary(Map.of(), "-d", dir.toString(), "key", "list");
    assertThat(list.exit()).as(list.output()).isZero();
    assertThat(list.output().lines().filter(l -> l.contains(targets.id().value())))
        .singleElement().satisfies(l -> assertThat(l).startsWith("targets ").contains("example.com/app"));
    assertThat(list.output().lines().filter(l -> l.contains(root.id().value()))).singleElement()
        .satisfies(l -> assertThat(l).startsWith("root "));
    assertThat(list.output().lines().filter(l -> l.contains(alice.id().value()))).singleElement()
        .satisfies(l -> assertThat(l).startsWith("alice "));

    Path exported = tmp.resolve("exported.pem");
    var export = notary(Map.of(), "-d", dir.toString(), "key", "export", "--key", targets.id().value(), "-o", exported.toString());
    assertThat(export.exit()).as(export.output()).isZero();
    assertThat(Files.readString(exported)).isEqualTo(store.export(List.of(targets.id())));

    // notary must decrypt our file to change its passphrase; we then decrypt what notary wrote
    var passwd = notary(Map.of("NOTARY_TARGETS_PASSPHRASE", PASS), "-d", dir.toString(), "key", "passwd", targets.id().value());
    assertThat(passwd.output()).contains("Successfully updated passphrase for key ID: " + targets.id());
    Path file = store.location().resolve(targets.id() + ".key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    verifySigns(store.key(targets.id()), targets.publicKey());
    var rootPasswd = notary(Map.of("NOTARY_ROOT_PASSPHRASE", PASS), "-d", dir.toString(), "key", "passwd", root.id().value());
    assertThat(rootPasswd.output()).contains("Successfully updated passphrase");
    // a wrong passphrase fails in notary as in hallmark
    var wrong = notary(Map.of("NOTARY_DELEGATION_PASSPHRASE", "wrong-pass"), "-d", dir.toString(), "key", "passwd", alice.id().value());
    assertThat(wrong.exit()).isNotZero();

    // notary imports our export into a fresh trust dir
    Path bundle = tmp.resolve("bundle.pem");
    Files.writeString(bundle, store.exportAll());
    Path other = tmp.resolve("notary-trust");
    var imp = notary(Map.of(), "-d", other.toString(), "key", "import", bundle.toString());
    assertThat(imp.exit()).as(imp.output()).isZero();
    assertThat(TrustDirKeyStore.open(other, PassphraseRetriever.constant(Passphrase.of(PASS))).list())
        .extracting(KeyEntry::id).containsExactlyInAnyOrder(targets.id(), root.id(), alice.id());
  }

  @Test
  void legacyMigrationWritesWhatNotaryWrites() throws Exception {
    Path fixtures = Tools.NOTARY_SOURCE.resolve("fixtures/compatibility");
    assumeTrue(Files.isDirectory(fixtures), "notary source fixtures not installed");
    for (String version : List.of("notary0.1", "notary0.3")) {
      Path byNotary = tmp.resolve(version + "-notary");
      Path byHallmark = tmp.resolve(version + "-hallmark");
      TrustDirKeyStoreTest.copyTree(fixtures.resolve(version + "/private"), byNotary.resolve("private"));
      TrustDirKeyStoreTest.copyTree(fixtures.resolve(version + "/private"), byHallmark.resolve("private"));
      var r = notary(Map.of(), "-d", byNotary.toString(), "key", "list");
      assertThat(r.exit()).as(r.output()).isZero();
      TrustDirKeyStore.open(byHallmark, PassphraseRetriever.constant(Passphrase.empty()));
      assertThat(tree(byHallmark.resolve("private"))).isEqualTo(tree(byNotary.resolve("private")));
    }
  }

  private static Map<String, String> tree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      var map = new java.util.TreeMap<String, String>();
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        map.put(root.relativize(p).toString(), Files.readString(p)
            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
      return map;
    }
  }

  @Test
  void notaryAcceptsTheRootCertificate() throws Exception {
    Gun gun = new Gun("example.com/app");
    PrivateKey root = PrivateKey.generateEcdsa(KeyRole.ROOT);
    PublicKey cert = RootCertificate.issue(root, gun, Clock.systemUTC());
    Path certFile = tmp.resolve("root.crt");
    Files.writeString(certFile, cert.pemText());
    // delegation add parses the certificate, checks it (ValidateCertificate) and prints its canonical ID
    var r = notary(Map.of(), "-d", tmp.resolve("nd").toString(), "delegation", "add", gun.value(), "targets/x", certFile.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("with keys [" + root.id() + "]").doesNotContain("near expiry");
    String change;
    try (Stream<Path> files = Files.walk(tmp.resolve("nd/tuf/example.com/app/changelist"))) {
      change = Files.readString(files.filter(Files::isRegularFile).findFirst().orElseThrow());
    }
    var data = java.util.regex.Pattern.compile("\"data\":\"([^\"]+)\"").matcher(change);
    assertThat(data.find()).isTrue();
    String delegation = new String(java.util.Base64.getDecoder().decode(data.group(1)), StandardCharsets.UTF_8);
    assertThat(delegation).contains("\"keytype\":\"ecdsa-x509\"")
        .contains(Bytes.wrap(cert.pemText().getBytes(StandardCharsets.US_ASCII)).base64());
  }
}
