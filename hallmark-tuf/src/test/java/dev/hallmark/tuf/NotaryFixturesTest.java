package dev.hallmark.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trust data written by the real notary 0.7 client and server ({@code fixtures/notary07-repo}, see
 * its README and generate.sh): decoding, byte-exact re-encoding, key IDs and signatures.
 */
class NotaryFixturesTest {
  private static final Verifier VERIFIER = new Verifier();
  private static final Path DIR = Fixtures.NOTARY07;

  static List<Fixtures.File> files() {
    return Fixtures.notary07();
  }

  private static <T extends Metadata> Signed<T> load(String rel, Class<T> type) {
    Path p = DIR.resolve(rel);
    return castDecode(Fixtures.roleOf(DIR.relativize(p).toString().replaceFirst("^(cache|server)/", "")),
        Fixtures.read(p), type);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Metadata> Signed<T> castDecode(RoleName role, Bytes bytes, Class<T> type) {
    Signed<? extends Metadata> s = TufCodec.decode(role, bytes);
    assertThat(s.signed()).isInstanceOf(type);
    return (Signed<T>) s;
  }

  private static List<Signed<Root>> rootVersions() {
    List<Signed<Root>> roots = new ArrayList<>();
    for (int v = 1; Files.exists(DIR.resolve("server/" + v + ".root.json")); v++) {
      roots.add(load("server/" + v + ".root.json", Root.class));
    }
    return roots;
  }

  private static Signed<Root> currentRoot() {
    return load("server/root.json", Root.class);
  }

  @Test
  void fixtureHasTheExpectedShape() {
    assertThat(files()).hasSizeGreaterThan(40);
    assertThat(rootVersions()).hasSize(3);
    assertThat(Fixtures.read(DIR.resolve("server/root.json"))).isEqualTo(Fixtures.read(DIR.resolve("server/3.root.json")));
  }

  @ParameterizedTest
  @MethodSource("files")
  void decodesAndReencodesToTheExactBytes(Fixtures.File f) {
    Signed<? extends Metadata> s = TufCodec.decode(f.role(), f.bytes());
    assertThat(s.bytes()).isEqualTo(f.bytes());
    assertThat(s.isFixedPoint()).isTrue();
    assertThat(TufCodec.encode(s.signed(), s.signatures())).isEqualTo(f.bytes());
    // for notary's own files, the typed field set is all there is: generic canonical == typed canonical
    assertThat(Bytes.wrap(TufCodec.canonical(s.signed()))).isEqualTo(s.canonical());
    assertThat(s.signed().version()).isPositive();
    int v = Fixtures.versionOf(f.name());
    if (v > 0) {
      assertThat(s.signed().version()).isEqualTo(v);
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void keyIdsAreTheHashOfTheKeyContent(Fixtures.File f) {
    Signed<? extends Metadata> s = TufCodec.decode(f.role(), f.bytes());
    Map<KeyId, PublicKey> keys = switch (s.signed()) {
      case Root r -> r.keys();
      case Targets t -> t.delegations().keys();
      case Snapshot ignored -> Map.of();
      case Timestamp ignored -> Map.of();
    };
    keys.forEach((id, key) -> assertThat(key.id()).isEqualTo(id));
  }

  @Test
  void writesTargetNamesInNotarysFileForm() {
    String file = new String(Fixtures.read(DIR.resolve("server/targets.json")).unsafeArray(), StandardCharsets.UTF_8);
    assertThat(file).contains("\"v1\\u003c\\u0026\\u003e\":", "\"line\\u2028sep\":", "\"ünïcødé-✓-😀\":")
        .doesNotContain("<", ">", "&", "\u2028");
    // UTF-8 byte order: U+FF61 (EF BD A1) sorts before U+1F600 (F0 9F 98 80), unlike UTF-16 order
    assertThat(file.indexOf("\"sort-\uFF61\"")).isPositive().isLessThan(file.indexOf("\"sort-\uD83D\uDE00\""));
    Signed<Targets> t = load("server/targets.json", Targets.class);
    assertThat(t.signed().targets()).containsKeys("v1<&>", "line\u2028sep", "sort-\uFF61", "sort-\uD83D\uDE00");
    // the signed message holds the raw characters, not the file's escapes (reference 2.2)
    assertThat(new String(t.canonical().unsafeArray(), StandardCharsets.UTF_8)).contains("\"v1<&>\":", "\"line\u2028sep\":");
  }

  @Test
  void everyRootIsSignedByItsOwnKeysAndByThePreviousRoot() {
    List<Signed<Root>> roots = rootVersions();
    for (int i = 0; i < roots.size(); i++) {
      Root r = roots.get(i).signed();
      VERIFIER.checkThreshold(RoleName.ROOT, roots.get(i), r.role(RoleName.ROOT), r.keys());
      if (i > 0) {
        Root prev = roots.get(i - 1).signed();
        VERIFIER.checkThreshold(RoleName.ROOT, roots.get(i), prev.role(RoleName.ROOT), prev.keys());
      }
    }
    // v3 is the root key rotation: two signatures, and the new key did not sign v2
    Signed<Root> v3 = roots.get(2);
    assertThat(v3.signatures()).hasSize(2);
    assertThat(v3.signed().role(RoleName.ROOT).keyIds()).isNotEqualTo(roots.get(1).signed().role(RoleName.ROOT).keyIds());
    assertThatThrownBy(() -> VERIFIER.checkThreshold(RoleName.ROOT, roots.get(1),
        v3.signed().role(RoleName.ROOT), v3.signed().keys()))
        .isInstanceOf(TufException.class);
  }

  @Test
  void rootKeysAreCertificatesForTheGun() {
    String gun = Fixtures.text(DIR.resolve("gun.txt")).strip();
    for (Signed<Root> root : rootVersions()) {
      for (PublicKey k : root.signed().keysOf(RoleName.ROOT).values()) {
        assertThat(k.type()).isEqualTo(KeyType.ECDSA_X509);
        X509Certificate cert = Keys.certificates(k).getFirst();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + gun);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyFileIsSignedByItsRoleKeys(Fixtures.File f) {
    Signed<? extends Metadata> s = TufCodec.decode(f.role(), f.bytes());
    if (f.role().equals(RoleName.ROOT)) {
      Root r = (Root) s.signed();
      VERIFIER.checkThreshold(RoleName.ROOT, s, r.role(RoleName.ROOT), r.keys());
    } else if (f.role().isDelegation()) {
      Targets parent = load("server/" + f.role().parent() + ".json", Targets.class).signed();
      DelegatedRole d = parent.delegations().role(f.role()).orElseThrow();
      VERIFIER.checkThreshold(f.role(), s, d.roleKeys(), parent.delegations().keys());
    } else {
      // targets and timestamp keys never rotated; the snapshot key moved to the server, so a
      // snapshot verifies with the root that was current when it was signed
      boolean verified = false;
      for (Signed<Root> root : rootVersions()) {
        try {
          VERIFIER.checkThreshold(f.role(), s, root.signed().role(f.role()), root.signed().keys());
          verified = true;
        } catch (TufException e) {
          assertThat(f.role()).isEqualTo(RoleName.SNAPSHOT);
        }
      }
      assertThat(verified).isTrue();
    }
  }

  @Test
  void currentFilesVerifyWithTheCurrentRoot() {
    Root root = currentRoot().signed();
    for (RoleName role : List.of(RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP)) {
      VERIFIER.checkThreshold(role, load("server/" + role + ".json", Metadata.class), root.role(role), root.keys());
    }
    assertThat(root.keysOf(RoleName.SNAPSHOT).values()).extracting(PublicKey::type).containsOnly(KeyType.ED25519);
    assertThat(root.keysOf(RoleName.TIMESTAMP).values()).extracting(PublicKey::type).containsOnly(KeyType.ED25519);
    assertThat(root.keysOf(RoleName.TARGETS).values()).extracting(PublicKey::type).containsOnly(KeyType.ECDSA);
  }

  @Test
  void signatureMethodsCoverEveryKindNotaryProduces() {
    Set<String> methods = new TreeSet<>();
    for (Fixtures.File f : files()) {
      TufCodec.decode(f.role(), f.bytes()).signatures().forEach(s -> methods.add(s.method().wireName()));
    }
    assertThat(methods).containsExactly("ecdsa", "eddsa", "rsapss");
  }

  @Test
  void hashesInTimestampAndSnapshotMatchTheExactServedBytes() {
    Signed<Timestamp> ts = load("server/timestamp.json", Timestamp.class);
    Bytes snapshotBytes = Fixtures.read(DIR.resolve("server/snapshot.json"));
    ts.signed().snapshot().check("snapshot", snapshotBytes);
    assertThat(ts.signed().snapshot().length()).isEqualTo(snapshotBytes.length());
    Snapshot snap = load("server/snapshot.json", Snapshot.class).signed();
    assertThat(snap.meta().keySet()).extracting(RoleName::value)
        .containsExactlyInAnyOrder("root", "targets", "targets/releases", "targets/qa");
    for (var e : snap.meta().entrySet()) {
      Bytes file = Fixtures.read(DIR.resolve("server/" + e.getKey() + ".json"));
      e.getValue().check(e.getKey().value(), file);
      assertThat(e.getValue().length()).isEqualTo(file.length());
      assertThat(e.getValue()).isEqualTo(FileMeta.of(file));
    }
    Bytes tampered = Bytes.wrap(Fixtures.read(DIR.resolve("server/snapshot.json")).toArray());
    tampered.unsafeArray()[tampered.length() - 5] ^= 1;
    assertThatThrownBy(() -> ts.signed().snapshot().check("snapshot", tampered))
        .isInstanceOf(TufException.class)
        .extracting(e -> ((TufException) e).kind()).isEqualTo(TufException.Kind.HASH_MISMATCH);
  }

  @Test
  void canonicalKeyIdsAreThePrivateKeyFileNames() throws Exception {
    Set<KeyId> canonical = new HashSet<>();
    Set<KeyId> tuf = new HashSet<>();
    for (Signed<Root> root : rootVersions()) {
      for (PublicKey k : root.signed().keysOf(RoleName.ROOT).values()) {
        canonical.add(k.canonicalId());
        tuf.add(k.id());
        assertThat(k.canonicalId()).isNotEqualTo(k.id()); // certificate keys have two IDs
      }
    }
    PublicKey targetsKey = currentRoot().signed().keysOf(RoleName.TARGETS).values().iterator().next();
    assertThat(targetsKey.canonicalId()).isEqualTo(targetsKey.id());
    canonical.add(targetsKey.canonicalId());
    Delegations d = load("server/targets.json", Targets.class).signed().delegations();
    for (PublicKey k : d.keys().values()) {
      canonical.add(k.canonicalId());
    }
    Set<KeyId> files = new HashSet<>();
    try (Stream<Path> s = Files.list(DIR.resolve("private"))) {
      s.forEach(p -> files.add(new KeyId(p.getFileName().toString().replace(".key", ""))));
    }
    assertThat(canonical).isEqualTo(files);
    assertThat(tuf).doesNotContainAnyElementsOf(files);

    // `notary delegation list` prints canonical IDs
    String list = Fixtures.text(DIR.resolve("delegation-list.txt"));
    for (DelegatedRole role : d.roles()) {
      KeyId id = role.keyIds().getFirst();
      assertThat(list).containsPattern(Pattern.quote(role.name().value()) + " .* " + d.keys().get(id).canonicalId() + " ");
    }
  }

  @Test
  void delegationKeysAreTheCertificateAndPublicKeyGivenToNotary() throws Exception {
    Delegations d = load("server/targets.json", Targets.class).signed().delegations();
    var cf = CertificateFactory.getInstance("X.509");
    X509Certificate cert = (X509Certificate) cf.generateCertificate(
        new ByteArrayInputStream(Files.readAllBytes(DIR.resolve("releases.crt"))));
    PublicKey releases = Keys.fromCertificate(cert);
    assertThat(d.keys()).containsEntry(releases.id(), releases);
    assertThat(d.role(RoleName.delegation("targets/releases")).orElseThrow().keyIds()).containsExactly(releases.id());
    assertThat(d.role(RoleName.delegation("targets/releases")).orElseThrow().paths()).containsExactly("");

    Pem pub = Pem.decodeFirst(Fixtures.text(DIR.resolve("qa.pub")));
    PublicKey qa = new PublicKey(KeyType.RSA, pub.content());
    assertThat(d.keys()).containsEntry(qa.id(), qa);
    DelegatedRole qaRole = d.role(RoleName.delegation("targets/qa")).orElseThrow();
    assertThat(qaRole.paths()).containsExactly("qa/");
    assertThat(qaRole.covers("qa/build-7")).isTrue();
    assertThat(qaRole.covers("release-1")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("files")
  void tamperedCopiesFailVerification(Fixtures.File f) {
    Signed<? extends Metadata> good = TufCodec.decode(f.role(), f.bytes());
    RoleKeys roleKeys;
    Map<KeyId, PublicKey> pool;
    if (f.role().isDelegation()) {
      Delegations d = load("server/targets.json", Targets.class).signed().delegations();
      roleKeys = d.role(f.role()).orElseThrow().roleKeys();
      pool = d.keys();
    } else {
      // the root whose keys signed it (tested above); use its role keys, and keep every signature-by-key check strict
      Signed<Root> root = rootVersions().stream().filter(r -> verifies(f.role(), good, r)).findFirst().orElseThrow();
      roleKeys = f.role().equals(RoleName.ROOT) ? ((Root) good.signed()).role(RoleName.ROOT) : root.signed().role(f.role());
      pool = f.role().equals(RoleName.ROOT) ? ((Root) good.signed()).keys() : root.signed().keys();
    }

    // one byte of the expiry changed inside "signed": still decodes, no longer verifies
    byte[] bytes = f.bytes().toArray();
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"expires\":\"") + 11 + 3;
    bytes[at] = (byte) (bytes[at] == '9' ? '8' : bytes[at] + 1);
    Signed<? extends Metadata> changed = TufCodec.decode(f.role(), Bytes.wrap(bytes));
    assertThat(changed.signed().expires()).isNotEqualTo(good.signed().expires());
    assertThatThrownBy(() -> VERIFIER.checkThreshold(f.role(), changed, roleKeys, pool))
        .isInstanceOf(TufException.class)
        .extracting(e -> ((TufException) e).kind()).isEqualTo(TufException.Kind.THRESHOLD);

    // every signature by a role key removed
    List<Signature> others = good.signatures().stream().filter(s -> !roleKeys.keyIds().contains(s.keyId())).toList();
    Signed<?> unsigned = TufCodec.sign(good.signed(), others);
    assertThatThrownBy(() -> VERIFIER.checkThreshold(f.role(), unsigned, roleKeys, pool))
        .isInstanceOf(TufException.class);

    // one bit of each signature flipped
    List<Signature> flipped = good.signatures().stream().map(s -> {
      byte[] v = s.value().toArray();
      v[v.length / 2] ^= 0x01;
      return new Signature(s.keyId(), s.method(), Bytes.wrap(v));
    }).toList();
    Signed<?> bad = new Signed<>(good.signed(), flipped, good.bytes(), good.canonical());
    assertThatThrownBy(() -> VERIFIER.checkThreshold(f.role(), bad, roleKeys, pool))
        .isInstanceOf(TufException.class);
  }

  private static boolean verifies(RoleName role, Signed<?> s, Signed<Root> root) {
    try {
      Root r = role.equals(RoleName.ROOT) ? (Root) s.signed() : root.signed();
      VERIFIER.checkThreshold(role, s, r.role(role), r.keys());
      return true;
    } catch (TufException e) {
      return false;
    }
  }
}
