package dev.hallmark.accounts.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.MemoryStores;
import dev.hallmark.keys.KeyFileCodec;
import dev.hallmark.keys.Passphrase;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.TufCodec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientBundlesTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  private AccountStore store;
  private BundleAuthority ca;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    store = MemoryStores.migrated(clock);
    store.createUser("alice", "h", false);
    store.createOrg("dev");
    ca = BundleAuthority.loadOrCreate(dir.resolve("ca"), "pw".toCharArray(), clock);
  }

  static Map<String, String> unzip(byte[] zip) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  @Test
  void bundlesAKeyWithItsCertificateAndRecordsOnlyTheCertificate() throws Exception {
    Files.writeString(dir.resolve("tls-ca.crt"), "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    var bundles = new ClientBundles(store, ca, dir.resolve("tls-ca.crt"), clock);
    ClientBundle b = bundles.create("alice", URI.create("https://registry.example:4443"), Duration.ofDays(90));
    Map<String, String> files = unzip(b.zip().toArray());
    assertThat(files).containsOnlyKeys("cert.pem", "key.pem", "ca.pem", "tls-ca.pem", "env.sh", "README.txt");

    var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(files.get("cert.pem").getBytes(StandardCharsets.US_ASCII)));
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
    assertThat(files.get("ca.pem")).isEqualTo(ca.certificatePem());

    // key.pem is notary's unencrypted PKCS#8 key file, the key of cert.pem
    assertThat(files.get("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n");
    var key = new KeyFileCodec().decode(files.get("key.pem"), Passphrase.empty());
    PublicKey certKey = Keys.fromCertificate(cert);
    assertThat(key.id()).isEqualTo(certKey.canonicalId());
    assertThat(b.certificate().keyId()).isEqualTo(key.id().value());

    assertThat(store.certificates("alice")).containsExactly(b.certificate());
    assertThat(b.certificate().pem()).isEqualTo(files.get("cert.pem")).doesNotContain("PRIVATE");
    assertThat(files.get("env.sh"))
        .contains("export DOCKER_CONTENT_TRUST_SERVER=https://registry.example:4443\n")
        .contains("export HALLMARK_CA_FILE=\"$(pwd)/tls-ca.pem\"")
        .contains("~/.docker/tls/registry.example:4443/ca.crt");
    assertThat(b.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void leavesOutTheTlsCaWhenTheServerHasNone() throws Exception {
    var bundles = new ClientBundles(store, ca, dir.resolve("absent.crt"), clock);
    Map<String, String> files = unzip(bundles.create("alice", URI.create("https://h:1"), ClientBundles.DEFAULT_VALIDITY)
        .zip().toArray());
    assertThat(files).doesNotContainKey("tls-ca.pem");
    assertThat(files.get("env.sh")).doesNotContain("HALLMARK_CA_FILE");
  }

  @Test
  void refusesOrganisationsUnknownUsersAndOddValidities() {
    var bundles = new ClientBundles(store, ca, dir.resolve("absent.crt"), clock);
    URI server = URI.create("https://h:1");
    for (String name : new String[] {"dev", "nobody"}) {
      assertThatThrownBy(() -> bundles.create(name, server, ClientBundles.DEFAULT_VALIDITY))
          .isInstanceOfSatisfying(AccountException.class, e -> assertThat(e.code()).isEqualTo(AccountException.Code.NO_SUCH_ACCOUNT));
    }
    for (Duration d : new Duration[] {Duration.ZERO, Duration.ofDays(3651)}) {
      assertThatThrownBy(() -> bundles.create("alice", server, d))
          .isInstanceOfSatisfying(AccountException.class, e -> assertThat(e.code()).isEqualTo(AccountException.Code.INVALID_ARGUMENT));
    }
    assertThat(store.certificates("alice")).isEmpty();
  }
}
