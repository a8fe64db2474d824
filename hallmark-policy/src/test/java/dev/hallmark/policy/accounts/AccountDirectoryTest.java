package dev.hallmark.policy.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.accounts.AccountStore;
import dev.hallmark.accounts.ClientCertificate;
import dev.hallmark.accounts.bundle.BundleAuthority;
import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.policy.Signer;
import dev.hallmark.policy.TeamName;
import dev.hallmark.testkit.MutableClock;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.PublicKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountDirectoryTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private AccountStore store;
  private AccountDirectory directory;
  private BundleAuthority ca;

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() throws Exception {
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:directory-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    store = new AccountStore(ds, clock);
    store.migrate();
    store.createUser("alice", "h", false);
    store.createOrg("dev");
    store.createTeam("dev", "admin");
    store.createTeam("dev", "qa");
    store.addTeamMember("dev", "admin", "alice");
    store.addTeamMember("dev", "qa", "alice");
    ca = BundleAuthority.loadOrCreate(dir, "pw".toCharArray(), clock);
    directory = new AccountDirectory(store, clock);
  }

  private ClientCertificate certify(String user, Duration validity) {
    var key = PrivateKey.generateEcdsa(KeyRole.NONE).publicKey();
    return store.addCertificate(user, ca.issue(user, key, clock.instant(), clock.instant().plus(validity)));
  }

  private static KeyId id(ClientCertificate c) {
    return new KeyId(c.keyId());
  }

  @Test
  void identifiesTheUserAndTheirCurrentTeamsByTheCertificatesKey() {
    ClientCertificate c = certify("alice", Duration.ofDays(30));
    Signer s = directory.identify(id(c)).orElseThrow();
    assertThat(s.user()).isEqualTo("alice");
    assertThat(s.teams()).containsExactly(TeamName.parse("dev/admin"), TeamName.parse("dev/qa"));
    assertThat(s.certificate()).contains(c.serial());
    // a delegation lists the certificate (ecdsa-x509); its canonical ID is the one recorded
    var certKey = new PublicKey(KeyType.ECDSA_X509, Bytes.wrap(c.pem().getBytes(StandardCharsets.US_ASCII)));
    assertThat(certKey.canonicalId()).isEqualTo(id(c));
    assertThat(Keys.certificatePublicKey(certKey).id()).isEqualTo(id(c));
  }

  @Test
  void aUserRemovedFromATeamIsNoLongerListedInIt() {
    ClientCertificate c = certify("alice", Duration.ofDays(30));
    store.removeTeamMember("dev", "admin", "alice");
    assertThat(directory.identify(id(c)).orElseThrow().teams()).containsExactly(TeamName.parse("dev/qa"));
    store.removeOrgMember("dev", "alice");
    assertThat(directory.identify(id(c)).orElseThrow().teams()).isEmpty();
  }

  @Test
  void revokedOrExpiredCertificatesIdentifyNobody() {
    ClientCertificate revoked = certify("alice", Duration.ofDays(30));
    ClientCertificate expiring = certify("alice", Duration.ofDays(2));
    ClientCertificate lasting = certify("alice", Duration.ofDays(30));
    store.revokeCertificate("alice", revoked.id());
    assertThat(directory.identify(id(revoked))).isEmpty();
    assertThat(directory.identify(id(expiring))).isPresent();
    clock.advance(Duration.ofDays(3));
    assertThat(directory.identify(id(expiring))).isEmpty();
    assertThat(directory.identifyAll(Set.of(id(revoked), id(expiring), id(lasting))))
        .containsOnlyKeys(id(lasting));
  }

  @Test
  void unknownKeysAndDeletedUsersIdentifyNobody() {
    ClientCertificate c = certify("alice", Duration.ofDays(30));
    assertThat(directory.identify(new KeyId("ab".repeat(32)))).isEmpty();
    store.delete("alice");
    assertThat(directory.identify(id(c))).isEmpty();
    assertThat(directory.identifyAll(Set.of(id(c)))).isEqualTo(Map.of());
  }
}
