package dev.hallmark.accounts.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.PrivateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleAuthorityTest {
  private static final char[] PASS = "server passphrase".toCharArray();
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void createsTheCaOnceWithPrivateFilesAndLoadsItAfterwards() throws Exception {
    Path ca = dir.resolve("data/ca");
    BundleAuthority first = BundleAuthority.loadOrCreate(ca, PASS, clock);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.key")))).isEqualTo("rw-------");
    assertThat(Files.readString(ca.resolve("ca.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    X509Certificate c = first.certificate();
    assertThat(c.getBasicConstraints()).isZero();
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("O=hallmark,CN=Hallmark client bundle CA");
    c.verify(c.getPublicKey());

    BundleAuthority again = BundleAuthority.loadOrCreate(ca, PASS, clock);
    assertThat(again.certificate()).isEqualTo(c);
    // the loaded key still signs for that certificate
    again.issue("alice", PrivateKey.generateEcdsa(KeyRole.NONE).publicKey(), clock.instant(),
        clock.instant().plus(Duration.ofDays(1))).verify(c.getPublicKey());
  }

  @Test
  void refusesToLoadWithAnotherPassphrase() throws Exception {
    BundleAuthority.loadOrCreate(dir, PASS, clock);
    assertThatThrownBy(() -> BundleAuthority.loadOrCreate(dir, "other".toCharArray(), clock))
        .isInstanceOf(IOException.class).hasMessageContaining("cannot decrypt");
  }

  @Test
  void issuesClientCertificatesTiedToTheUser() throws Exception {
    BundleAuthority ca = BundleAuthority.loadOrCreate(dir, PASS, clock);
    PrivateKey key = PrivateKey.generateEcdsa(KeyRole.NONE);
    Instant from = clock.instant();
    X509Certificate c = ca.issue("alice", key.publicKey(), from, from.plus(Duration.ofDays(365)));
    c.verify(ca.certificate().getPublicKey());
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("O=hallmark,CN=alice");
    assertThat(c.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(c.getBasicConstraints()).isEqualTo(-1);
    assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(c.getNotAfter().toInstant()).isEqualTo(from.plus(Duration.ofDays(365)));
    assertThat(c.getPublicKey().getEncoded()).isEqualTo(key.publicKey().publicBytes().toArray());
    X509Certificate other = ca.issue("alice", key.publicKey(), from, from.plus(Duration.ofDays(1)));
    assertThat(other.getSerialNumber()).isNotEqualTo(c.getSerialNumber());
    assertThat(List.of(c.getSerialNumber().signum(), other.getSerialNumber().signum())).containsOnly(1);
  }

  @Test
  void refusesCertificatesOutlivingTheCa() throws Exception {
    BundleAuthority ca = BundleAuthority.loadOrCreate(dir, PASS, clock);
    var key = PrivateKey.generateEcdsa(KeyRole.NONE).publicKey();
    assertThatThrownBy(() -> ca.issue("alice", key, clock.instant(), clock.instant().plus(Duration.ofDays(20 * 365))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
