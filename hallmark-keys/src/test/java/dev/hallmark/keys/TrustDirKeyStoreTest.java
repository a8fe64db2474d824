package dev.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustDirKeyStoreTest {
  static final Passphrase PASS = Passphrase.of("randompass");
  static final Gun GUN = new Gun("example.com/app");

  @TempDir
  Path trustDir;

  private TrustDirKeyStore store() throws Exception {
    return TrustDirKeyStore.open(trustDir, PassphraseRetriever.constant(PASS));
  }

  @Test
  void addListGetRemove() throws Exception {
    var store = store();
    PrivateKey targets = PrivateKey.generateEcdsa(KeyRole.TARGETS, GUN);
    PrivateKey root = PrivateKey.generateEcdsa(KeyRole.ROOT);
    store.add(targets);
    store.add(root);

    Path priv = trustDir.resolve("private");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rwx------");
    Path file = priv.resolve(targets.id().value() + ".key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.list(priv)).hasSize(2);

    List<KeyEntry> list = store.list();
    assertThat(list).extracting(KeyEntry::id).containsExactlyInAnyOrder(targets.id(), root.id());
    KeyEntry t = store.entry(targets.id()).orElseThrow();
    assertThat(t.role()).isEqualTo(KeyRole.TARGETS);
    assertThat(t.gun()).contains(GUN);
    assertThat(t.location()).isEqualTo(priv);
    assertThat(store.entry(root.id()).orElseThrow().gun()).isEmpty();

    PrivateKey back = store.key(targets.id());
    assertThat(back.id()).isEqualTo(targets.id());
    assertThat(back.gun()).contains(GUN);

    store.remove(targets.id());
    assertThat(store.list()).extracting(KeyEntry::id).containsExactly(root.id());
    assertThatThrownBy(() -> store.key(targets.id())).isInstanceOfSatisfying(KeyException.class,
        e -> assertThat(e.getMessage()).isEqualTo("signing key not found: " + targets.id()));
  }

  @Test
  void listingDoesNotDecrypt() throws Exception {
    store().add(PrivateKey.generateEcdsa(KeyRole.ROOT));
    AtomicInteger asked = new AtomicInteger();
    var store = TrustDirKeyStore.open(trustDir, r -> {
      asked.incrementAndGet();
      return new PassphraseAnswer.GiveUp("no");
    });
    assertThat(store.list()).hasSize(1);
    assertThat(asked).hasValue(0);
  }

  @Test
  void wrongPassphraseFromEnvironmentFailsAfterTwoTries() throws Exception {
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.ROOT);
    store().add(key);
    var store = TrustDirKeyStore.open(trustDir,
        PassphraseRetriever.notary(Map.of("NOTARY_ROOT_PASSPHRASE", "wrong"), new PassphraseRetrieverTest.ScriptedConsole(false)));
    assertThatThrownBy(() -> store.key(key.id())).isInstanceOfSatisfying(KeyException.class, e -> {
      assertThat(e.kind()).isEqualTo(KeyException.Kind.PASSPHRASE_INVALID);
      assertThat(e.getMessage()).isEqualTo("password invalid, operation has failed.");
    });
  }

  @Test
  void changesPassphrase() throws Exception {
    var store = store();
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.of("alice"));
    store.add(key);
    store.changePassphrase(key.id(), PassphraseRetriever.constant(Passphrase.of("newpassphrase")));
    String text = Files.readString(store.location().resolve(key.id() + ".key"));
    assertThatThrownBy(() -> new KeyFileCodec().decode(text, PASS)).isInstanceOf(KeyException.class);
    assertThat(new KeyFileCodec().decode(text, Passphrase.of("newpassphrase")).id()).isEqualTo(key.id());
  }

  @Test
  void exportAddsPathHeaderAndImportRestores() throws Exception {
    var store = store();
    PrivateKey targets = PrivateKey.generateEcdsa(KeyRole.TARGETS, GUN);
    PrivateKey delegation = PrivateKey.generateEcdsa(KeyRole.of("targets/releases"));
    store.add(targets);
    store.add(delegation);
    String stored = Files.readString(store.location().resolve(targets.id() + ".key"));
    String exported = store.export(List.of(targets.id()));
    Pem block = Pem.decodeFirst(exported);
    assertThat(block.headers()).containsEntry("path", targets.id().value()).containsEntry("gun", GUN.value());
    assertThat(exported).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\ngun: example.com/app\npath: "
        + targets.id() + "\nrole: targets\n\n");
    assertThat(block.content()).isEqualTo(Pem.decodeFirst(stored).content());
    assertThat(store.export(GUN)).isEqualTo(exported);
    assertThat(Pem.decodeAll(store.exportAll())).hasSize(2);

    Path other = trustDir.resolve("other");
    var second = TrustDirKeyStore.open(other, PassphraseRetriever.constant(PASS));
    assertThat(second.importKeys(store.exportAll(), KeyRole.NONE)).containsExactlyInAnyOrder(targets.id(), delegation.id());
    assertThat(Files.readString(second.location().resolve(targets.id() + ".key"))).isEqualTo(stored);
    assertThat(second.key(delegation.id()).role()).isEqualTo(KeyRole.of("targets/releases"));
  }

  @Test
  void importRules() throws Exception {
    var store = store();
    var codec = new KeyFileCodec();
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.NONE);

    // encrypted block without path header: rejected
    String encrypted = codec.encode(key, PASS);
    assertThatThrownBy(() -> store.importKeys(encrypted, KeyRole.NONE)).isInstanceOfSatisfying(KeyException.class,
        e -> assertThat(e.getMessage()).isEqualTo("failed to import all keys: invalid key pem block"));

    // unencrypted without role: "delegation", named by key ID, re-encrypted
    String plain = codec.encode(key, Passphrase.empty());
    assertThat(store.importKeys(plain, KeyRole.NONE)).containsExactly(key.id());
    String written = Files.readString(store.location().resolve(key.id() + ".key"));
    assertThat(written).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: delegation\n\n");

    // targets key without gun: rejected; with fallback gun: accepted; root loses its gun
    String targetsPlain = codec.encode(PrivateKey.generateEcdsa(KeyRole.TARGETS), Passphrase.empty());
    assertThatThrownBy(() -> store.importKeys(targetsPlain, KeyRole.NONE)).isInstanceOf(KeyException.class);
    KeyId t = store.importKeys(targetsPlain, KeyRole.NONE, GUN).getFirst();
    assertThat(store.entry(t).orElseThrow().gun()).contains(GUN);
    KeyId r = store.importKeys(codec.encode(PrivateKey.generateEcdsa(KeyRole.NONE), Passphrase.empty()), KeyRole.ROOT, GUN).getFirst();
    assertThat(store.entry(r).orElseThrow().role()).isEqualTo(KeyRole.ROOT);
    assertThat(store.entry(r).orElseThrow().gun()).isEmpty();

    // legacy path header names the gun; path traversal is refused
    PrivateKey snap = PrivateKey.generateEcdsa(KeyRole.SNAPSHOT);
    var headers = new java.util.LinkedHashMap<>(Pem.decodeFirst(codec.encode(snap, PASS)).headers());
    headers.put("path", "tuf_keys/example.com/legacy/" + snap.id());
    String legacy = new Pem("ENCRYPTED PRIVATE KEY", headers, Pem.decodeFirst(codec.encode(snap, PASS)).content()).encode();
    assertThat(store.importKeys(legacy, KeyRole.NONE)).containsExactly(snap.id());
    assertThat(store.entry(snap.id()).orElseThrow().gun()).contains(new Gun("example.com/legacy"));
    headers.put("path", "..");
    String evil = new Pem("ENCRYPTED PRIVATE KEY", headers, Pem.decodeFirst(codec.encode(snap, PASS)).content()).encode();
    assertThatThrownBy(() -> store.importKeys(evil, KeyRole.NONE)).isInstanceOf(KeyException.class);
  }

  @Test
  void migratesNotary01And03TrustDirectories() throws Exception {
    Path fixtures = Tools.NOTARY_SOURCE.resolve("fixtures/compatibility");
    assumeTrue(Files.isDirectory(fixtures), "notary source fixtures not installed");
    for (String version : List.of("notary0.1", "notary0.3")) {
      Path dir = trustDir.resolve(version);
      copyTree(fixtures.resolve(version + "/private"), dir.resolve("private"));
      // the fixture README says "randompass" for both, but the 0.3 keys are encrypted with "password"
      // (as the reference's own client/backwards_compatibility_test.go uses); notary 0.7 agrees
      Passphrase pass = Passphrase.of(version.equals("notary0.1") ? "randompass" : "password");
      var store = TrustDirKeyStore.open(dir, PassphraseRetriever.constant(pass));
      assertThat(dir.resolve("private/root_keys")).doesNotExist();
      assertThat(dir.resolve("private/tuf_keys")).doesNotExist();
      List<KeyEntry> keys = store.list();
      assertThat(keys).isNotEmpty();
      for (KeyEntry entry : keys) {
        PrivateKey key = store.key(entry.id());
        assertThat(key.id()).as(version + " " + entry).isEqualTo(entry.id());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.file()))).isEqualTo("rw-------");
      }
      if (version.equals("notary0.1")) {
        assertThat(keys).extracting(e -> e.role().value() + " " + e.gun().map(Gun::value).orElse("-"))
            .containsExactlyInAnyOrder("root -", "snapshot docker.com/notary0.1/samplerepo",
                "targets docker.com/notary0.1/samplerepo");
      } else {
        assertThat(keys).extracting(e -> e.id().value().substring(0, 6) + " " + e.role().value() + " "
                + e.gun().map(Gun::value).orElse("-"))
            .containsExactly("041b64 targets docker.com/notary0.3/tst", "855595 snapshot docker.com/notary0.3/tst",
                "f4eaf8 root -", "fa842f targets/releases -");
      }
    }
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
