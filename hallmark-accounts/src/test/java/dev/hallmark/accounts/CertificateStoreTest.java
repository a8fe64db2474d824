package dev.hallmark.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.accounts.bundle.BundleAuthority;
import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.testkit.MutableClock;
import dev.hallmark.tuf.Keys;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client-bundle certificates in the account store on H2; {@link CertificateStoreOnPostgresTest} on PostgreSQL. */
class CertificateStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private AccountStore store;
  private BundleAuthority ca;

  @TempDir
  Path dir;

  AccountStore migratedStore(Clock clock) {
    return MemoryStores.migrated(clock);
  }

  @BeforeEach
  void setUp() throws Exception {
    store = migratedStore(clock);
    store.migrate(); // step 2 applies once
    store.createUser("alice", "h", false);
    store.createUser("bob", "h", false);
    store.createOrg("dev");
    ca = BundleAuthority.loadOrCreate(dir, "pw".toCharArray(), clock);
  }

  private X509Certificate issue(String user, Duration validity) {
    return ca.issue(user, PrivateKey.generateEcdsa(KeyRole.NONE).publicKey(), clock.instant(), clock.instant().plus(validity));
  }

  private static String keyId(X509Certificate c) {
    return Keys.fromCertificate(c).canonicalId().value();
  }

  @Test
  void recordsSeveralCertificatesPerUserWithTheirKeyId() {
    X509Certificate a1 = issue("alice", Duration.ofDays(365));
    X509Certificate a2 = issue("alice", Duration.ofDays(30));
    ClientCertificate first = store.addCertificate("alice", a1);
    store.addCertificate("alice", a2);
    store.addCertificate("bob", issue("bob", Duration.ofDays(30)));

    assertThat(store.certificates("alice")).extracting(ClientCertificate::serial)
        .containsExactly(a1.getSerialNumber().toString(16), a2.getSerialNumber().toString(16));
    assertThat(first.keyId()).isEqualTo(keyId(a1)).hasSize(64);
    assertThat(first.subject()).isEqualTo("O=hallmark,CN=alice");
    assertThat(first.notAfter()).isEqualTo(a1.getNotAfter().toInstant());
    assertThat(first.revokedAt()).isEmpty();
    assertThat(Keys.certificates(Keys.fromCertificate(a1)).getFirst()).isEqualTo(a1);
    assertThat(store.certificates("alice").getFirst()).isEqualTo(first);
  }

  @Test
  void findsTheOwnerOfAKeyOnlyWhileItsCertificateIsValid() {
    X509Certificate c = issue("alice", Duration.ofDays(30));
    ClientCertificate recorded = store.addCertificate("alice", c);
    assertThat(store.ownerOfKey(keyId(c), clock.instant()))
        .contains(new CertificateOwner("alice", recorded.id(), recorded.serial()));
    assertThat(store.ownerOfKey(keyId(c), clock.instant().minusSeconds(60))).as("not yet valid").isEmpty();
    assertThat(store.ownerOfKey(keyId(c), clock.instant().plus(Duration.ofDays(31)))).as("expired").isEmpty();
    assertThat(store.ownerOfKey("0".repeat(64), clock.instant())).isEmpty();
  }

  @Test
  void revokedCertificatesIdentifyNobody() {
    X509Certificate c = issue("alice", Duration.ofDays(30));
    X509Certificate other = issue("alice", Duration.ofDays(30));
    ClientCertificate recorded = store.addCertificate("alice", c);
    store.addCertificate("alice", other);
    clock.advance(Duration.ofHours(1));
    ClientCertificate revoked = store.revokeCertificate("alice", recorded.id());
    assertThat(revoked.revokedAt()).contains(clock.instant());
    assertThat(store.ownerOfKey(keyId(c), clock.instant())).isEmpty();
    assertThat(store.ownerOfKey(keyId(other), clock.instant())).isPresent();
    clock.advance(Duration.ofHours(1));
    assertThat(store.revokeCertificate("alice", recorded.id()).revokedAt()).as("first revocation kept")
        .isEqualTo(revoked.revokedAt());
  }

  @Test
  void revokesOnlyTheUsersOwnCertificates() {
    ClientCertificate bobs = store.addCertificate("bob", issue("bob", Duration.ofDays(30)));
    assertThatThrownBy(() -> store.revokeCertificate("alice", bobs.id()))
        .isInstanceOfSatisfying(AccountException.class, e -> assertThat(e.code()).isEqualTo(AccountException.Code.NO_SUCH_CERTIFICATE));
    assertThat(store.certificates("bob").getFirst().revokedAt()).isEmpty();
  }

  @Test
  void refusesUnknownUsersAndOrganisations() {
    X509Certificate c = issue("carol", Duration.ofDays(30));
    for (String name : new String[] {"carol", "dev"}) {
      assertThatThrownBy(() -> store.addCertificate(name, c))
          .isInstanceOfSatisfying(AccountException.class, e -> assertThat(e.code()).isEqualTo(AccountException.Code.NO_SUCH_ACCOUNT));
      assertThatThrownBy(() -> store.certificates(name)).isInstanceOf(AccountException.class);
    }
  }

  @Test
  void deletingTheUserDeletesTheirCertificates() {
    X509Certificate c = issue("alice", Duration.ofDays(30));
    store.addCertificate("alice", c);
    store.delete("alice");
    assertThat(store.ownerOfKey(keyId(c), clock.instant())).isEmpty();
  }

  @Test
  void listsTheTeamsOfAUser() {
    store.createOrg("ops");
    store.createTeam("dev", "admin");
    store.createTeam("dev", "qa");
    store.createTeam("ops", "oncall");
    store.addTeamMember("ops", "oncall", "alice");
    store.addTeamMember("dev", "qa", "alice");
    store.addTeamMember("dev", "admin", "bob");
    assertThat(store.teamsOf("alice")).extracting(t -> t.org() + "/" + t.name()).containsExactly("dev/qa", "ops/oncall");
    store.removeTeamMember("dev", "qa", "alice");
    assertThat(store.teamsOf("alice")).extracting(t -> t.org() + "/" + t.name()).containsExactly("ops/oncall");
  }
}
