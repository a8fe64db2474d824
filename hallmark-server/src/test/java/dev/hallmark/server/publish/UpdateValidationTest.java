package dev.hallmark.server.publish;

import dev.hallmark.testkit.TestRepo;
import static dev.hallmark.testkit.TestRepo.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.ServerFixture;
import dev.hallmark.testkit.TestRepo.Key;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.server.store.StoredFile;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.Verifier;
import dev.hallmark.tuf.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publish checks of reference section 4.3, in order, one rule per test, plus Hallmark's stricter ones. */
class UpdateValidationTest {
  private static final RoleName RELEASES = RoleName.of("targets/releases");
  private static final RoleName ALICE = RoleName.of("targets/alice");

  private ServerFixture server;
  private TestRepo repo;

  @BeforeEach
  void setUp() {
    server = new ServerFixture();
    repo = server.repo("example.com/app");
  }

  /** The first publish notary init -p makes: root v1, targets, snapshot from the client. */
  private Map<RoleName, Signed<?>> init() {
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(1);
    Map<RoleName, Signed<?>> files = new LinkedHashMap<>();
    files.put(RoleName.ROOT, root);
    files.put(RoleName.TARGETS, targets);
    files.put(RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets)));
    server.publish(repo.gun, upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, files.get(RoleName.SNAPSHOT)));
    return files;
  }

  private TrustServerException rejected(Map<RoleName, Bytes> files) {
    Map<String, Object> before = server.state(repo.gun);
    TrustServerException e = catchThrowableOfType(TrustServerException.class, () -> server.publish(repo.gun, files));
    assertThat(e).as("publish must be rejected").isNotNull();
    assertThat(e.code().httpStatus()).isBetween(400, 499);
    assertThat(server.state(repo.gun)).as("a rejected update changes nothing").isEqualTo(before);
    return e;
  }

  private void assertInvalid(TrustServerException e, String name, String msgStart) {
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_UPDATE);
    Json.Obj detail = (Json.Obj) e.detail();
    assertThat(detail.get("Name")).isEqualTo(Json.of(name));
    Json msg = ((Json.Obj) detail.get("Error")).get("Msg");
    assertThat(((Json.Str) msg).value()).startsWith(msgStart);
  }

  // ---- step 1/2: root

  @Test
  void acceptsFirstPublishAndSignsTheTimestampItself() {
    Map<RoleName, Signed<?>> files = init();
    for (RoleName role : List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT)) {
      assertThat(server.latest(repo.gun, role).data()).isEqualTo(files.get(role).bytes());
    }
    StoredFile ts = server.latest(repo.gun, RoleName.TIMESTAMP);
    Signed<Timestamp> t = TufCodec.decodeTimestamp(ts.data());
    assertThat(t.signed().version()).isEqualTo(1);
    assertThat(t.signed().expires().instant()).isEqualTo(ServerFixture.START.plus(Duration.ofDays(14)));
    assertThat(t.signed().snapshot()).isEqualTo(FileMeta.of(files.get(RoleName.SNAPSHOT).bytes()));
    new Verifier().checkThreshold(RoleName.TIMESTAMP, t, new RoleKeys(List.of(repo.timestamp.id()), 1),
        Map.of(repo.timestamp.id(), repo.timestamp));
    assertThat(t.isFixedPoint()).isTrue();
  }

  @Test
  void signsANewTimestampOnEveryPublish() {
    init();
    Signed<Targets> t2 = repo.targets(2, "v1");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    server.publish(repo.gun, upload(RoleName.TARGETS, t2,
        RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t2))));
    assertThat(server.latest(repo.gun, RoleName.TIMESTAMP).version()).isEqualTo(2);
  }

  @Test
  void acceptsAFirstRootOfVersionTwo() {
    Signed<Root> root = repo.root(2);
    Signed<Targets> targets = repo.targets(1);
    server.publish(repo.gun, upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets))));
    assertThat(server.latest(repo.gun, RoleName.ROOT).version()).isEqualTo(2);
  }

  @Test
  void rejectsRootThatSkipsAVersion() {
    init();
    Signed<Root> root3 = repo.root(3);
    assertInvalid(rejected(upload(RoleName.ROOT, root3)), "ErrBadRoot",
        "Root modifications must increment the version. Current 1, new 3");
  }

  @Test
  void rejectsFirstRootAboveVersionTwo() {
    Signed<Root> root = repo.root(3);
    Signed<Targets> targets = repo.targets(1);
    assertInvalid(rejected(upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets)))),
        "ErrBadRoot", "Root modifications must increment the version. Current 1, new 3");
  }

  @Test
  void rejectsTargetsFileInTheRootPart() {
    assertInvalid(rejected(upload(RoleName.ROOT, repo.targets(1))), "ErrBadRoot",
        "root type metadata invalid: expected type Root, not Targets");
  }

  @Test
  void rejectsRootWithoutATimestampRole() {
    Map<KeyId, PublicKey> keys = Map.of(repo.root.id(), repo.root.listed(), repo.targets.id(), repo.targets.listed(),
        repo.snapshot.id(), repo.snapshot.listed());
    Signed<Root> root = repo.root(1, keys, Map.of(
        RoleName.ROOT, new RoleKeys(List.of(repo.root.id()), 1),
        RoleName.TARGETS, new RoleKeys(List.of(repo.targets.id()), 1),
        RoleName.SNAPSHOT, new RoleKeys(List.of(repo.snapshot.id()), 1)));
    assertInvalid(rejected(upload(RoleName.ROOT, root)), "ErrBadRoot", "root type metadata invalid: missing timestamp");
  }

  private Map<KeyId, PublicKey> allKeys() {
    Map<KeyId, PublicKey> keys = new LinkedHashMap<>();
    for (PublicKey k : List.of(repo.root.listed(), repo.targets.listed(), repo.snapshot.listed(), repo.timestamp)) {
      keys.put(k.id(), k);
    }
    return keys;
  }

  private Map<RoleName, RoleKeys> roles(int rootThreshold, int targetsThreshold) {
    return Map.of(
        RoleName.ROOT, new RoleKeys(List.of(repo.root.id()), rootThreshold),
        RoleName.TARGETS, new RoleKeys(List.of(repo.targets.id()), targetsThreshold),
        RoleName.SNAPSHOT, new RoleKeys(List.of(repo.snapshot.id()), 1),
        RoleName.TIMESTAMP, new RoleKeys(List.of(repo.timestamp.id()), 1));
  }

  @Test
  void rejectsRootWhoseRootThresholdItsKeysCannotMeet() {
    Signed<Root> root = repo.root(1, allKeys(), roles(2, 1));
    Signed<Targets> targets = repo.targets(1);
    assertInvalid(rejected(upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets)))),
        "ErrBadRoot", "root type metadata invalid: root role has threshold 2 but only 1 keys");
  }

  @Test
  void rejectsRootWhoseTargetsThresholdItsKeysCannotMeet() {
    Signed<Root> root = repo.root(1, allKeys(), roles(1, 2));
    assertInvalid(rejected(upload(RoleName.ROOT, root)), "ErrBadRoot",
        "root type metadata invalid: targets role has threshold 2");
  }

  @Test
  void rejectsRootKeyThatIsNotACertificate() {
    repo.root = Key.plain();
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(1))), "ErrBadRoot", "could not validate the path to a trusted root");
  }

  @Test
  void rejectsRootCertificateForAnotherGun() {
    repo.root = Key.rootCertificate(new dev.hallmark.tuf.Gun("example.com/other"), server.clock);
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(1))), "ErrBadRoot", "could not validate the path to a trusted root");
  }

  @Test
  void rejectsExpiredRootCertificate() {
    Instant now = server.clock.instant();
    repo.root = Key.rootCertificate(repo.gun, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(1))), "ErrBadRoot", "could not validate the path to a trusted root");
  }

  @Test
  void rejectsRootSignedByAnotherKey() {
    Key other = Key.rootCertificate(repo.gun, server.clock);
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(1, other))), "ErrBadRoot",
        "could not validate the path to a trusted root");
  }

  @Test
  void rejectsRootRotationNotSignedByTheStoredRootKey() {
    init();
    Key old = repo.root;
    repo.root = Key.rootCertificate(repo.gun, server.clock);
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(2))), "ErrBadRoot",
        "could not rotate trust to a new trusted root: failed to validate data with current trusted certificates");
    repo.root = old;
  }

  @Test
  void acceptsRootRotationSignedByOldAndNewRootKeys() {
    init();
    Key old = repo.root;
    repo.root = Key.rootCertificate(repo.gun, server.clock);
    Signed<Root> root2 = repo.root(2, old, repo.root);
    // the owner's snapshot must name the new root
    Signed<Targets> targets = TufCodec.decodeTargets(RoleName.TARGETS, server.latest(repo.gun, RoleName.TARGETS).data());
    server.publish(repo.gun, upload(RoleName.ROOT, root2,
        RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root2, RoleName.TARGETS, targets))));
    assertThat(server.latest(repo.gun, RoleName.ROOT).data()).isEqualTo(root2.bytes());
  }

  @Test
  void rejectsExpiredRoot() {
    repo.lifetime = Duration.ofDays(-1);
    Signed<Root> root = repo.root(1);
    repo.lifetime = Duration.ofDays(365);
    Signed<Targets> targets = repo.targets(1);
    assertInvalid(rejected(upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets)))),
        "ErrBadRoot", "root expired");
  }

  @Test
  void rejectsRootRepostedWithOtherContentUnderTheSameVersion() {
    init();
    repo.targets = Key.plain();
    TrustServerException e = rejected(upload(RoleName.ROOT, repo.root(1)));
    assertThat(e.code()).isEqualTo(ErrorCode.VERSION);
  }

  @Test
  void rejectsUpdateWithoutAnyRoot() {
    assertInvalid(rejected(upload(RoleName.TARGETS, repo.targets(1))), "ErrValidation",
        "no pre-existing root and no root provided in update.");
  }

  @Test
  void rejectsEmptyUpdateOfUnknownGun() {
    assertInvalid(rejected(Map.of()), "ErrValidation", "no pre-existing root and no root provided in update.");
  }

  // ---- step 3: targets and delegations

  @Test
  void rejectsTargetsWithBadSignature() {
    init();
    Signed<Targets> t = repo.targets(RoleName.TARGETS, 2, Delegations.NONE, Map.of(), Key.plain());
    assertInvalid(rejected(upload(RoleName.TARGETS, t)), "ErrBadTargets",
        "valid signatures did not meet threshold for targets");
  }

  @Test
  void rejectsUndelegatedRole() {
    init();
    Signed<Targets> bob = repo.targets(RoleName.of("targets/bob"), 1, Delegations.NONE, Map.of(), Key.plain());
    assertInvalid(rejected(upload(RoleName.of("targets/bob"), bob)), "ErrBadTargets",
        "tuf: invalid role targets/bob. delegation does not exist");
  }

  @Test
  void rejectsDelegationSignedByAKeyTheParentDoesNotList() {
    init();
    Key alice = Key.plain();
    Signed<Targets> t2 = repo.targets(RoleName.TARGETS, 2, TestRepo.delegations(Map.of(ALICE, alice)), Map.of(), repo.targets);
    Signed<Targets> a = repo.targets(ALICE, 1, Delegations.NONE, Map.of(), Key.plain());
    assertInvalid(rejected(upload(RoleName.TARGETS, t2, ALICE, a)), "ErrBadTargets",
        "valid signatures did not meet threshold for targets/alice");
  }

  @Test
  void rejectsExpiredTargets() {
    init();
    repo.lifetime = Duration.ofDays(-1);
    Signed<Targets> t = repo.targets(2);
    assertInvalid(rejected(upload(RoleName.TARGETS, t)), "ErrBadTargets", "targets expired");
  }

  @Test
  void acceptsDelegationWithItsParentInTheSameUpdateAndLaterAlone() {
    Key releases = Key.plain();
    repo.serverSnapshot = server.signing.currentKey(repo.gun, RoleName.SNAPSHOT, Optional.empty());
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(RoleName.TARGETS, 1, TestRepo.delegations(Map.of(RELEASES, releases)),
        Map.of(), repo.targets);
    Signed<Targets> rel = repo.targets(RELEASES, 1, Delegations.NONE, TestRepo.targetMap("v1"), releases);
    server.publish(repo.gun, upload(RELEASES, rel, RoleName.ROOT, root, RoleName.TARGETS, targets));
    // the parent now comes from storage
    Signed<Targets> rel2 = repo.targets(RELEASES, 2, Delegations.NONE, TestRepo.targetMap("v1", "v2"), releases);
    server.publish(repo.gun, upload(RELEASES, rel2));
    Snapshot snap = TufCodec.decodeSnapshot(server.latest(repo.gun, RoleName.SNAPSHOT).data()).signed();
    assertThat(snap.version()).isEqualTo(2);
    assertThat(snap.metaFor(RELEASES)).contains(FileMeta.of(rel2.bytes()));
    assertThat(snap.metaFor(RoleName.TARGETS)).contains(FileMeta.of(targets.bytes()));
  }

  // ---- step 4: snapshot

  @Test
  void rejectsSnapshotSignedByAnotherKey() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    repo.snapshot = Key.plain();
    assertInvalid(rejected(upload(RoleName.TARGETS, t2,
        RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t2)))),
        "ErrBadSnapshot", "valid signatures did not meet threshold for snapshot");
  }

  @Test
  void rejectsSnapshotWhoseTargetsChecksumDoesNotMatch() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Targets> other = repo.targets(2, "b");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    assertInvalid(rejected(upload(RoleName.TARGETS, t2,
        RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, other)))),
        "ErrBadSnapshot", "sha256 checksum for targets did not match: expected " + other.bytes().sha256().hex());
  }

  @Test
  void rejectsSnapshotWhoseStoredRootChecksumDoesNotMatch() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    assertInvalid(rejected(upload(RoleName.TARGETS, t2,
        RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, repo.root(1), RoleName.TARGETS, t2)))),
        "ErrBadSnapshot", "sha256 checksum for root did not match");
  }

  @Test
  void rejectsSnapshotNamingADelegationTheServerDoesNotHave() {
    // notary 0.7 checks only the files of the update; Hallmark checks every file the snapshot names
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    Signed<Targets> ghost = repo.targets(RELEASES, 1, Delegations.NONE, Map.of(), Key.plain());
    assertInvalid(rejected(upload(RoleName.TARGETS, t2, RoleName.SNAPSHOT,
        repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t2, RELEASES, ghost)))),
        "ErrBadSnapshot", "snapshot lists targets/releases");
  }

  @Test
  void rejectsSnapshotWithoutTheTargetsOfTheUpdate() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    Signed<Targets> t1 = TufCodec.decodeTargets(RoleName.TARGETS, server.latest(repo.gun, RoleName.TARGETS).data());
    assertInvalid(rejected(upload(RoleName.TARGETS, t2,
        RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t1)))),
        "ErrBadSnapshot", "sha256 checksum for targets did not match");
  }

  @Test
  void rejectsExpiredSnapshot() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    repo.lifetime = Duration.ofDays(-1);
    Signed<Snapshot> s = repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t2));
    assertInvalid(rejected(upload(RoleName.TARGETS, t2, RoleName.SNAPSHOT, s)), "ErrBadSnapshot", "snapshot expired");
  }

  @Test
  void rejectsUpdateWithoutSnapshotWhenTheOwnerHoldsTheSnapshotKey() {
    init();
    TrustServerException e = rejected(upload(RoleName.TARGETS, repo.targets(2, "a")));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_UPDATE);
    assertThat(e.detail()).isEqualTo(Json.object()
        .put("Name", Json.of("ErrBadHierarchy"))
        .put("Error", Json.object().put("Missing", Json.of("snapshot")).put("Msg",
            Json.of("no snapshot was included in update and server does not hold current snapshot key for repository")).build())
        .build());
  }

  @Test
  void signsTheSnapshotWhenTheServerHoldsItsKey() {
    repo = server.repoWithServerSnapshot("example.com/app");
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(1, "a");
    server.publish(repo.gun, upload(RoleName.ROOT, root, RoleName.TARGETS, targets));
    Signed<Snapshot> snap = TufCodec.decodeSnapshot(server.latest(repo.gun, RoleName.SNAPSHOT).data());
    assertThat(snap.signed().version()).isEqualTo(1);
    assertThat(snap.signed().expires().instant()).isEqualTo(ServerFixture.START.plus(ServerSigning.SNAPSHOT_LIFETIME));
    assertThat(snap.signed().meta()).isEqualTo(Map.of(RoleName.ROOT, FileMeta.of(root.bytes()),
        RoleName.TARGETS, FileMeta.of(targets.bytes())));
    new Verifier().checkThreshold(RoleName.SNAPSHOT, snap, root.signed().role(RoleName.SNAPSHOT), root.signed().keys());
    Signed<Timestamp> ts = TufCodec.decodeTimestamp(server.latest(repo.gun, RoleName.TIMESTAMP).data());
    assertThat(ts.signed().snapshot()).isEqualTo(FileMeta.of(snap.bytes()));
  }

  @Test
  void emptyUpdateResignsServerHeldSnapshotAndTimestamp() {
    repo = server.repoWithServerSnapshot("example.com/app");
    server.publish(repo.gun, upload(RoleName.ROOT, repo.root(1), RoleName.TARGETS, repo.targets(1)));
    server.publish(repo.gun, Map.of());
    assertThat(server.latest(repo.gun, RoleName.SNAPSHOT).version()).isEqualTo(2);
    assertThat(server.latest(repo.gun, RoleName.TIMESTAMP).version()).isEqualTo(2);
  }

  @Test
  void rejectsFirstServerSignedSnapshotWithoutTargets() {
    repo = server.repoWithServerSnapshot("example.com/app");
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(1))), "ErrValidation", "targets must be loaded first");
  }

  // ---- step 5: timestamp

  @Test
  void rejectsRootWhoseTimestampKeyTheServerDoesNotHold() {
    repo.timestamp = Key.plain().listed();
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(1);
    assertInvalid(rejected(upload(RoleName.ROOT, root, RoleName.TARGETS, targets,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets)))),
        "ErrBadRoot", "no  timestamp keys exist on the server");
  }

  @Test
  void ignoresAClientTimestamp() {
    Map<RoleName, Signed<?>> files = init();
    Signed<Timestamp> mine = TestRepo.sign(new Timestamp(7, repo.expires(), FileMeta.of(files.get(RoleName.SNAPSHOT).bytes())),
        Key.plain());
    Signed<Targets> t2 = repo.targets(2);
    server.publish(repo.gun, upload(RoleName.TIMESTAMP, mine, RoleName.TARGETS, t2, RoleName.SNAPSHOT,
        repo.snapshot(2, Map.of(RoleName.ROOT, files.get(RoleName.ROOT), RoleName.TARGETS, t2))));
    assertThat(server.latest(repo.gun, RoleName.TIMESTAMP).version()).isEqualTo(2);
  }

  // ---- step 6: storage versions

  @Test
  void rejectsRepostOfTheCurrentFilesWithVersion() {
    Map<RoleName, Signed<?>> files = init();
    TrustServerException e = rejected(upload(RoleName.ROOT, files.get(RoleName.ROOT), RoleName.TARGETS,
        files.get(RoleName.TARGETS), RoleName.SNAPSHOT, files.get(RoleName.SNAPSHOT)));
    assertThat(e.code()).isEqualTo(ErrorCode.VERSION);
    assertThat(e.detail()).isEqualTo(Json.object().build());
  }

  @Test
  void rejectsTargetsOlderThanStored() {
    Map<RoleName, Signed<?>> files = init();
    Signed<Targets> t2 = repo.targets(2);
    server.publish(repo.gun, upload(RoleName.TARGETS, t2, RoleName.SNAPSHOT,
        repo.snapshot(2, Map.of(RoleName.ROOT, files.get(RoleName.ROOT), RoleName.TARGETS, t2))));
    Signed<Targets> old = repo.targets(1, "x");
    assertThat(rejected(upload(RoleName.TARGETS, old, RoleName.SNAPSHOT,
        repo.snapshot(3, Map.of(RoleName.ROOT, files.get(RoleName.ROOT), RoleName.TARGETS, old)))).code())
        .isEqualTo(ErrorCode.VERSION);
  }

  @Test
  void acceptsSkippedVersions() {
    Map<RoleName, Signed<?>> files = init();
    Signed<Targets> t5 = repo.targets(5);
    server.publish(repo.gun, upload(RoleName.TARGETS, t5, RoleName.SNAPSHOT,
        repo.snapshot(9, Map.of(RoleName.ROOT, files.get(RoleName.ROOT), RoleName.TARGETS, t5))));
    assertThat(server.latest(repo.gun, RoleName.TARGETS).version()).isEqualTo(5);
  }

  // ---- byte form: what notary's canonical encoding cannot reproduce is refused

  @Test
  void rejectsDuplicateJsonMembers() {
    Map<RoleName, Signed<?>> files = init();
    String t = new String(repo.targets(2).bytes().unsafeArray(), StandardCharsets.UTF_8);
    Bytes dup = Bytes.wrap(t.replace("{\"signed\":{", "{\"signed\":{\"version\":2,").getBytes(StandardCharsets.UTF_8));
    assertThat(rejected(upload(RoleName.TARGETS, dup, RoleName.SNAPSHOT, files.get(RoleName.SNAPSHOT))).code())
        .isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void rejectsTargetNameWithRawControlCharacter() {
    init();
    String t = new String(repo.targets(2, "aXb").bytes().unsafeArray(), StandardCharsets.UTF_8);
    Bytes raw = Bytes.wrap(t.replace("aXb", "a\u0001b").getBytes(StandardCharsets.UTF_8));
    assertThat(rejected(upload(RoleName.TARGETS, raw)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void rejectsTargetNameWithEscapedControlCharacterAsClientError() {
    // valid JSON, but notary's canonical encoding cannot write it back: a 4xx, not a 500
    init();
    String t = new String(repo.targets(2, "aXb").bytes().unsafeArray(), StandardCharsets.UTF_8);
    Bytes escaped = Bytes.wrap(t.replace("aXb", "a\\u0001b").getBytes(StandardCharsets.UTF_8));
    assertThat(new String(escaped.unsafeArray(), StandardCharsets.UTF_8)).contains("a\\u0001b");
    rejected(upload(RoleName.TARGETS, escaped));
  }

  @Test
  void rejectsFileNotInNotarysByteForm() {
    init();
    String t = new String(repo.targets(2).bytes().unsafeArray(), StandardCharsets.UTF_8);
    Bytes spaced = Bytes.wrap(t.replace("{\"signed\":", "{ \"signed\" : ").getBytes(StandardCharsets.UTF_8));
    assertInvalid(rejected(upload(RoleName.TARGETS, spaced)), "ErrBadTargets", "targets is not in the canonical form");
  }

  @Test
  void rejectsInvalidUtf8() {
    init();
    byte[] t = repo.targets(2, "ab").bytes().toArray();
    String s = new String(t, StandardCharsets.ISO_8859_1);
    int i = s.indexOf("\"ab\"");
    t[i + 1] = (byte) 0xC3; // lead byte followed by ASCII: not UTF-8
    assertThat(rejected(upload(RoleName.TARGETS, Bytes.wrap(t))).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void rejectsDeeplyNestedJson() {
    init();
    String deep = "{\"signed\":" + "[".repeat(500) + "]".repeat(500) + ",\"signatures\":[]}";
    assertThat(rejected(upload(RoleName.TARGETS, Bytes.wrap(deep.getBytes(StandardCharsets.UTF_8)))).code())
        .isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void rejectsExpiresThatIsNotRfc3339() {
    init();
    String t = new String(repo.targets(2).bytes().unsafeArray(), StandardCharsets.UTF_8);
    Bytes bad = Bytes.wrap(t.replaceFirst("\"expires\":\"[^\"]*\"", "\"expires\":\"tomorrow\"").getBytes(StandardCharsets.UTF_8));
    assertThat(rejected(upload(RoleName.TARGETS, bad)).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void validationOrderReportsRootProblemsBeforeTargetProblems() {
    init();
    Signed<Targets> badTargets = repo.targets(RoleName.TARGETS, 2, Delegations.NONE, Map.of(), Key.plain());
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(3), RoleName.TARGETS, badTargets)), "ErrBadRoot",
        "Root modifications must increment the version");
  }

  // ---- reference order and texts for files that are JSON but not valid metadata of their role

  @Test
  void rejectsTargetsVersionBelowOneAsInvalidTargetsNotMalformedJson() {
    init();
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    for (int v : new int[] {0, -1}) {
      Signed<Targets> t = repo.targets(v);
      assertInvalid(rejected(upload(RoleName.TARGETS, t,
          RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t)))),
          "ErrBadTargets", "targets type metadata invalid: version cannot be less than one");
    }
  }

  @Test
  void rootVersionStepIsCheckedBeforeTheRootsStructure() {
    // notary checks the version of an uploaded root before decoding the rest of it
    init();
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(0))), "ErrBadRoot",
        "Root modifications must increment the version. Current 1, new 0");
  }

  @Test
  void invalidDelegationIsReportedAfterItsParentWasChecked() {
    // the delegation is structurally invalid (version 0) and its parent's signature is bad: the
    // parent, being shallower, is what notary reports
    init();
    Signed<Targets> badParent = repo.targets(RoleName.TARGETS, 2, TestRepo.delegations(Map.of(RELEASES, Key.plain())),
        Map.of(), Key.plain());
    Signed<Targets> rel0 = repo.targets(RELEASES, 0, Delegations.NONE, Map.of(), Key.plain());
    assertInvalid(rejected(upload(RELEASES, rel0, RoleName.TARGETS, badParent)), "ErrBadTargets",
        "valid signatures did not meet threshold for targets");
  }

  @Test
  void snapshotWithoutTargetsGetsNotarysText() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    assertInvalid(rejected(upload(RoleName.TARGETS, t2, RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root)))),
        "ErrBadSnapshot", "snapshot type metadata invalid: missing targets sha256 checksum information");
  }

  @Test
  void expiryErrorsPrintTheTimeAsNotaryDoes() {
    init();
    repo.lifetime = Duration.ofDays(-1);
    Signed<Targets> t = repo.targets(2);
    assertInvalid(rejected(upload(RoleName.TARGETS, t)), "ErrBadTargets",
        "targets expired at " + t.signed().expires().goDisplay());
    assertThat(t.signed().expires().goDisplay()).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{1,2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}");
  }

  @Test
  void rootRotationIsCheckedAgainstTheOldRootBeforeItsOwnSignatures() {
    // signed by neither the stored root key nor the key it lists: notary reports the rotation
    init();
    Key stranger = Key.rootCertificate(repo.gun, server.clock);
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(2, stranger))), "ErrBadRoot",
        "could not rotate trust to a new trusted root: failed to validate data with current trusted certificates");
  }

  @Test
  void rootNotSignedByItsOwnKeysGetsNotarysText() {
    Key stranger = Key.rootCertificate(repo.gun, server.clock);
    assertInvalid(rejected(upload(RoleName.ROOT, repo.root(1, stranger))), "ErrBadRoot",
        "could not validate the path to a trusted root: failed to validate integrity of roots");
  }

  @Test
  void snapshotMustMatchAStoredParentLoadedForADelegation() {
    // the update uploads only a delegation and a snapshot; the parent targets comes from storage
    // and the snapshot must name exactly it (notary: the stored parent is loaded, so checksummed)
    Key releases = Key.plain();
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(RoleName.TARGETS, 1, TestRepo.delegations(Map.of(RELEASES, releases)),
        Map.of(), repo.targets);
    Signed<Targets> rel = repo.targets(RELEASES, 1, Delegations.NONE, TestRepo.targetMap("v1"), releases);
    server.publish(repo.gun, upload(RoleName.ROOT, root, RoleName.TARGETS, targets, RELEASES, rel,
        RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets, RELEASES, rel))));
    Signed<Targets> rel2 = repo.targets(RELEASES, 2, Delegations.NONE, TestRepo.targetMap("v2"), releases);
    Signed<Targets> unpublished = repo.targets(RoleName.TARGETS, 2, TestRepo.delegations(Map.of(RELEASES, releases)),
        Map.of(), repo.targets);
    assertInvalid(rejected(upload(RELEASES, rel2, RoleName.SNAPSHOT,
        repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, unpublished, RELEASES, rel2)))),
        "ErrBadSnapshot", "sha256 checksum for targets did not match: expected " + unpublished.bytes().sha256().hex());
  }

  @Test
  void snapshotSignaturesAreCheckedBeforeItsStructure() {
    // a snapshot by a key root does not list, without targets: notary reports the signatures
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    repo.snapshot = Key.plain();
    assertInvalid(rejected(upload(RoleName.TARGETS, t2, RoleName.SNAPSHOT, repo.snapshot(2, Map.of(RoleName.ROOT, root)))),
        "ErrBadSnapshot", "valid signatures did not meet threshold for snapshot");
  }

  @Test
  void targetsSignaturesAreCheckedBeforeItsStructure() {
    init();
    assertInvalid(rejected(upload(RoleName.TARGETS, repo.targets(RoleName.TARGETS, 0, Delegations.NONE, Map.of(),
        Key.plain()))), "ErrBadTargets", "valid signatures did not meet threshold for targets");
  }

  @Test
  void fileNotInNotarysByteFormIsReportedWhereItsRoleIsLoaded() {
    // no root at all comes first, as in notary (which has no byte-form rule)
    String t = new String(repo.targets(1).bytes().unsafeArray(), StandardCharsets.UTF_8);
    Bytes spaced = Bytes.wrap(t.replace("{\"signed\":", "{ \"signed\" : ").getBytes(StandardCharsets.UTF_8));
    assertInvalid(rejected(upload(RoleName.TARGETS, spaced)), "ErrValidation", "no pre-existing root and no root provided");
  }

  @Test
  void clientTimestampIsIgnoredButMustBeJson() {
    init();
    Signed<Targets> t2 = repo.targets(2, "a");
    Signed<Root> root = TufCodec.decodeRoot(server.latest(repo.gun, RoleName.ROOT).data());
    assertThat(rejected(upload(RoleName.TARGETS, t2, RoleName.SNAPSHOT,
        repo.snapshot(2, Map.of(RoleName.ROOT, root, RoleName.TARGETS, t2)),
        RoleName.TIMESTAMP, Bytes.wrap("not json".getBytes(StandardCharsets.UTF_8)))).code())
        .isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void validatesDirectlyThroughTheStoreView() throws Exception {
    // UpdateValidation is usable on its own: it returns root, targets, snapshot, timestamp in that order
    var validation = new UpdateValidation(server.signing, new Verifier(), server.clock);
    Signed<Root> root = repo.root(1);
    Signed<Targets> targets = repo.targets(1);
    Map<RoleName, Signed<? extends dev.hallmark.tuf.Metadata>> up = new LinkedHashMap<>();
    up.put(RoleName.SNAPSHOT, repo.snapshot(1, Map.of(RoleName.ROOT, root, RoleName.TARGETS, targets)));
    up.put(RoleName.TARGETS, targets);
    up.put(RoleName.ROOT, root);
    List<RoleName> order = server.store.update(repo.gun, view -> {
      var files = validation.validate(repo.gun, up, view);
      return new dev.hallmark.server.store.MetadataStore.Result<>(List.of(),
          files.stream().map(dev.hallmark.server.store.NewFile::role).toList());
    });
    assertThat(order).containsExactly(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP);
  }
}
