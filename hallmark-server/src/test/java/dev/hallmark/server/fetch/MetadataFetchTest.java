package dev.hallmark.server.fetch;

import dev.hallmark.testkit.TestRepo;
import static dev.hallmark.testkit.TestRepo.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.ServerFixture;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.server.publish.ServerSigning;
import dev.hallmark.server.store.Change;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.Verifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading metadata, and re-signing of expired server-held roles on read (reference 5.3). */
class MetadataFetchTest {
  private ServerFixture server;
  private MetadataFetch fetch;

  @BeforeEach
  void setUp() {
    server = new ServerFixture();
    fetch = server.fetch;
  }

  private TestRepo publishWithServerSnapshot(String gun) {
    TestRepo repo = server.repoWithServerSnapshot(gun);
    server.publish(repo.gun, upload(RoleName.ROOT, repo.root(1), RoleName.TARGETS, repo.targets(1, "a")));
    return repo;
  }

  private TestRepo publishWithClientSnapshot(String gun) {
    TestRepo repo = server.repo(gun);
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(1, "a");
    server.publish(repo.gun, upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets))));
    return repo;
  }

  private Bytes current(Gun gun, RoleName role) throws Exception {
    return fetch.current(gun, role).orElseThrow().data();
  }

  @Test
  void servesTheStoredBytesOfEveryRole() throws Exception {
    TestRepo repo = publishWithServerSnapshot("example.com/app");
    for (RoleName role : List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP)) {
      var stored = server.latest(repo.gun, role);
      Served s = fetch.current(repo.gun, role).orElseThrow();
      assertThat(s.data()).isEqualTo(stored.data());
      assertThat(s.lastModified()).isEqualTo(stored.createdAt());
      assertThat(fetch.byChecksum(repo.gun, role, stored.sha256()).orElseThrow().data()).isEqualTo(stored.data());
      assertThat(fetch.byVersion(repo.gun, role, stored.version()).orElseThrow().data()).isEqualTo(stored.data());
    }
  }

  @Test
  void unknownGunAndMissingDelegationAreNotFoundNotErrors() throws Exception {
    TestRepo repo = publishWithServerSnapshot("example.com/app");
    assertThat(fetch.current(new Gun("example.com/none"), RoleName.ROOT)).isEmpty();
    assertThat(fetch.current(new Gun("example.com/none"), RoleName.TIMESTAMP)).isEmpty();
    assertThat(fetch.current(repo.gun, RoleName.of("targets/nope"))).isEmpty();
    assertThat(fetch.byVersion(repo.gun, RoleName.ROOT, 2)).isEmpty();
  }

  @Test
  void checksumLookupsAreNotSharedAcrossGuns() throws Exception {
    TestRepo app = publishWithServerSnapshot("example.com/app");
    String sha = server.latest(app.gun, RoleName.ROOT).sha256();
    assertThat(fetch.byChecksum(app.gun, RoleName.ROOT, sha)).isPresent();
    assertThat(fetch.byChecksum(new Gun("example.com/apple"), RoleName.ROOT, sha)).isEmpty();
    assertThat(fetch.byChecksum(app.gun, RoleName.TARGETS, sha)).isEmpty();
  }

  @Test
  void deletedGunIsGoneEvenForChecksumsFetchedBefore() throws Exception {
    TestRepo app = publishWithServerSnapshot("example.com/app");
    String sha = server.latest(app.gun, RoleName.ROOT).sha256();
    assertThat(fetch.byChecksum(app.gun, RoleName.ROOT, sha)).isPresent();
    server.store.delete(app.gun);
    fetch.invalidate(app.gun);
    assertThat(fetch.byChecksum(app.gun, RoleName.ROOT, sha)).isEmpty();
    assertThat(fetch.current(app.gun, RoleName.TIMESTAMP)).isEmpty();
  }

  @Test
  void currentFollowsEveryNewPublish() throws Exception {
    TestRepo repo = publishWithServerSnapshot("example.com/app");
    current(repo.gun, RoleName.TARGETS);
    Signed<Targets> t2 = repo.targets(2, "b");
    server.publish(repo.gun, upload(RoleName.TARGETS, t2));
    assertThat(current(repo.gun, RoleName.TARGETS)).isEqualTo(t2.bytes());
  }

  @Test
  void expiredTimestampIsResignedOnRead() throws Exception {
    TestRepo repo = publishWithClientSnapshot("example.com/app");
    Bytes snapshot = current(repo.gun, RoleName.SNAPSHOT);
    server.clock.advance(Duration.ofDays(15));
    Instant now = server.clock.instant();
    Served ts = fetch.current(repo.gun, RoleName.TIMESTAMP).orElseThrow();
    Signed<Timestamp> t = TufCodec.decodeTimestamp(ts.data());
    assertThat(t.signed().version()).isEqualTo(2);
    assertThat(t.signed().expires().instant()).isEqualTo(now.plus(ServerSigning.TIMESTAMP_LIFETIME));
    assertThat(t.signed().snapshot()).isEqualTo(FileMeta.of(snapshot));
    assertThat(ts.lastModified()).isEqualTo(now);
    new Verifier().checkThreshold(RoleName.TIMESTAMP, t, new dev.hallmark.tuf.RoleKeys(List.of(repo.timestamp.id()), 1),
        Map.of(repo.timestamp.id(), repo.timestamp));
    assertThat(current(repo.gun, RoleName.SNAPSHOT)).isEqualTo(snapshot);
    assertThat(server.store.changes(Optional.of(repo.gun), -1, 1)).extracting(Change::version).containsExactly(2);
    // reading again does not re-sign again
    assertThat(current(repo.gun, RoleName.TIMESTAMP)).isEqualTo(ts.data());
  }

  @Test
  void expiredServerHeldSnapshotIsResignedWithANewTimestamp() throws Exception {
    TestRepo repo = publishWithServerSnapshot("example.com/app");
    Signed<Snapshot> before = TufCodec.decodeSnapshot(current(repo.gun, RoleName.SNAPSHOT));
    server.clock.advance(ServerSigning.SNAPSHOT_LIFETIME.plusDays(1));
    Signed<Snapshot> after = TufCodec.decodeSnapshot(current(repo.gun, RoleName.SNAPSHOT));
    assertThat(after.signed().version()).isEqualTo(before.signed().version() + 1);
    assertThat(after.signed().meta()).isEqualTo(before.signed().meta());
    assertThat(after.signed().expires().instant()).isEqualTo(server.clock.instant().plus(ServerSigning.SNAPSHOT_LIFETIME));
    Signed<Timestamp> ts = TufCodec.decodeTimestamp(current(repo.gun, RoleName.TIMESTAMP));
    assertThat(ts.signed().version()).isEqualTo(2);
    assertThat(ts.signed().snapshot()).isEqualTo(FileMeta.of(after.bytes()));
  }

  @Test
  void expiredOwnerHeldSnapshotCannotBeServed() throws Exception {
    TestRepo repo = publishWithClientSnapshot("example.com/app");
    repo.lifetime = Duration.ofDays(400);
    server.clock.advance(Duration.ofDays(366));
    TrustServerException e = catchThrowableOfType(TrustServerException.class,
        () -> fetch.current(repo.gun, RoleName.TIMESTAMP));
    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN);
    assertThat(server.store.latest(repo.gun, RoleName.TIMESTAMP).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void consistentReadsNeverResign() throws Exception {
    TestRepo repo = publishWithClientSnapshot("example.com/app");
    var ts = server.latest(repo.gun, RoleName.TIMESTAMP);
    server.clock.advance(Duration.ofDays(15));
    assertThat(fetch.byVersion(repo.gun, RoleName.TIMESTAMP, 1).orElseThrow().data()).isEqualTo(ts.data());
    assertThat(fetch.byChecksum(repo.gun, RoleName.TIMESTAMP, ts.sha256()).orElseThrow().data()).isEqualTo(ts.data());
    assertThat(server.latest(repo.gun, RoleName.TIMESTAMP).version()).isEqualTo(1);
  }
}
