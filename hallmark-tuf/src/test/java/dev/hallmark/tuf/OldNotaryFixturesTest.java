package dev.hallmark.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trust data from notary 0.1 and 0.3 clients (notary's fixtures/compatibility, Apache-2.0).
 *
 * <p>Recorded facts: every file of both is a fixed point of notary 0.7's parse and re-serialize
 * (old clients already wrote the same byte form), and their signatures (ecdsa; rsapss by an
 * {@code rsa-x509} delegation key in 0.3) verify.
 */
class OldNotaryFixturesTest {
  private static final Verifier VERIFIER = new Verifier();

  static Stream<Arguments> files() {
    return Stream.of(Fixtures.NOTARY01, Fixtures.NOTARY03)
        .flatMap(dir -> Fixtures.metadata(dir).stream().map(f -> Arguments.of(dir, f)));
  }

  private static Root root(Path dir) {
    return (Root) TufCodec.decode(RoleName.ROOT, Fixtures.read(dir.resolve("root.json"))).signed();
  }

  private static Targets targets(Path dir) {
    return (Targets) TufCodec.decode(RoleName.TARGETS, Fixtures.read(dir.resolve("targets.json"))).signed();
  }

  @ParameterizedTest
  @MethodSource("files")
  void decodesAsAFixedPointAndReencodesExactly(Path dir, Fixtures.File f) {
    Signed<? extends Metadata> s = TufCodec.decode(f.role(), f.bytes());
    assertThat(s.isFixedPoint()).isTrue();
    assertThat(TufCodec.encode(s.signed(), s.signatures())).isEqualTo(f.bytes());
    assertThat(Bytes.wrap(TufCodec.canonical(s.signed()))).isEqualTo(s.canonical());
  }

  @ParameterizedTest
  @MethodSource("files")
  void isSignedByItsRoleKeys(Path dir, Fixtures.File f) {
    Signed<? extends Metadata> s = TufCodec.decode(f.role(), f.bytes());
    if (f.role().isDelegation()) {
      Delegations d = targets(dir).delegations();
      VERIFIER.checkThreshold(f.role(), s, d.role(f.role()).orElseThrow().roleKeys(), d.keys());
    } else {
      Root root = root(dir);
      VERIFIER.checkThreshold(f.role(), s, root.role(f.role()), root.keys());
    }
  }

  @Test
  void notary03DelegationIsSignedWithRsaPssByACertificateKey() {
    Delegations d = targets(Fixtures.NOTARY03).delegations();
    assertThat(d.keys().values()).extracting(PublicKey::type).containsExactly(KeyType.RSA_X509);
    Signed<? extends Metadata> rel = TufCodec.decode(RoleName.delegation("targets/releases"),
        Fixtures.read(Fixtures.NOTARY03.resolve("targets/releases.json")));
    assertThat(rel.signatures()).extracting(Signature::method).containsExactly(SignatureMethod.RSAPSS);
  }

  @ParameterizedTest
  @MethodSource("dirs")
  void hashChainMatchesTheFiles(Path dir) {
    Timestamp ts = (Timestamp) TufCodec.decode(RoleName.TIMESTAMP, Fixtures.read(dir.resolve("timestamp.json"))).signed();
    ts.snapshot().check("snapshot", Fixtures.read(dir.resolve("snapshot.json")));
    Snapshot snap = (Snapshot) TufCodec.decode(RoleName.SNAPSHOT, Fixtures.read(dir.resolve("snapshot.json"))).signed();
    for (var e : snap.meta().entrySet()) {
      e.getValue().check(e.getKey().value(), Fixtures.read(dir.resolve(e.getKey() + ".json")));
    }
  }

  static Stream<Path> dirs() {
    return Stream.of(Fixtures.NOTARY01, Fixtures.NOTARY03);
  }

  @ParameterizedTest
  @MethodSource("dirs")
  void privateKeyFileNamesAreCanonicalKeyIds(Path metadataDir) throws IOException {
    // old layouts: private/root_keys/<id>[_root].key, private/tuf_keys/<gun>/<id>[_role].key
    Path privateDir = metadataDir.getParent().getParent().getParent().getParent().getParent().resolve("private");
    Set<KeyId> files = new HashSet<>();
    try (Stream<Path> s = Files.walk(privateDir)) {
      s.filter(p -> p.toString().endsWith(".key"))
          .forEach(p -> files.add(new KeyId(p.getFileName().toString().replaceAll("(_[a-z]+)?\\.key$", ""))));
    }
    Set<KeyId> canonical = new HashSet<>();
    root(metadataDir).keys().values().forEach(k -> canonical.add(k.canonicalId()));
    targets(metadataDir).delegations().keys().values().forEach(k -> canonical.add(k.canonicalId()));
    assertThat(files).isNotEmpty();
    assertThat(canonical).containsAll(files);
  }

  @Test
  void notary01TrustedCertificateIsNamedByTheTufIdOfTheRootKey() throws IOException {
    Path certs = Fixtures.dir("notary0.1/trusted_certificates/docker.com/notary0.1/samplerepo");
    try (Stream<Path> s = Files.list(certs)) {
      Path crt = s.findFirst().orElseThrow();
      String id = crt.getFileName().toString().replace(".crt", "");
      PublicKey rootKey = root(Fixtures.NOTARY01).keysOf(RoleName.ROOT).values().iterator().next();
      assertThat(rootKey.id().value()).isEqualTo(id);
      assertThat(rootKey.pemText()).isEqualTo(Files.readString(crt));
    }
  }
}
