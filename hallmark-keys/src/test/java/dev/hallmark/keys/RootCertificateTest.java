package dev.hallmark.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Keys;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class RootCertificateTest {
  private final Instant now = Instant.parse("2026-03-01T12:00:00.750Z");
  private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

  @Test
  void issuesTheCertificateNotaryInitMakes() throws Exception {
    PrivateKey root = PrivateKey.generateEcdsa(KeyRole.ROOT);
    var key = RootCertificate.issue(root, new Gun("localhost:5050/team/app"), clock);

    assertThat(key.type()).isEqualTo(KeyType.ECDSA_X509);
    assertThat(key.pemText()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    assertThat(key.canonicalId()).isEqualTo(root.id());
    X509Certificate cert = Keys.certificates(key).getFirst();
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=localhost:5050/team/app"));
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    cert.verify(cert.getPublicKey());
    assertThat(cert.getSerialNumber()).isPositive().isLessThan(BigInteger.ONE.shiftLeft(128));
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(3650));
    assertThat(cert.getKeyUsage()).startsWith(true, false, true, false); // digitalSignature, keyEncipherment
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
    assertThat(cert.getNonCriticalExtensionOIDs()).containsExactly("2.5.29.37");
    // notary's acceptance rules (trustpinning/certs.go, tuf/utils/x509.go ValidateCertificate)
    cert.checkValidity(java.util.Date.from(now));
    assertThat(cert.getNotBefore().toInstant()).isBefore(now.plus(Duration.ofDays(1)));
    assertThat(List.of(cert)).filteredOn(c -> c.getBasicConstraints() == -1).hasSize(1);
  }

  @Test
  void distinctSerials() {
    PrivateKey root = PrivateKey.generateEcdsa(KeyRole.ROOT);
    var a = Keys.certificates(RootCertificate.issue(root, new Gun("example.com/app"), clock)).getFirst();
    var b = Keys.certificates(RootCertificate.issue(root, new Gun("example.com/app"), clock)).getFirst();
    assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
  }
}
