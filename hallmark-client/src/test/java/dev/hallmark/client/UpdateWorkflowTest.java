package dev.hallmark.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.client.MaliciousServer.Response;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signature;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.TufCodec;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.RoleKeys;
import dev.hallmark.tuf.SignatureMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update workflow against a malicious in-process trust server. */
class UpdateWorkflowTest {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static TestPki.Tls tls;
  private static MaliciousServer server;
  private static Path caFile;
  private static final Instant NOW = Instant.now();

  @TempDir Path dir;

  @BeforeAll
  static void start(@TempDir Path shared) throws IOException {
    tls = TestPki.Tls.create();
    caFile = tls.writeCa(shared);
    server = new MaliciousServer(tls);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String newGun() {
    return "example.com/app" + COUNTER.incrementAndGet();
  }

  private TrustClient client() {
    return client(TrustPinning.TOFU, Duration.ofSeconds(10), NOW);
  }

  private TrustClient client(TrustPinning pinning, Duration timeout, Instant now) {
    try {
      var remote = HttpRemoteStore.builder(server.uri()).caFile(caFile).timeout(timeout).build();
      return TrustClient.builder(dir.resolve("trust"), remote).pinning(pinning)
          .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A published repository with targets v1, a delegation targets/releases ("rel/" paths) and a target in each. */
  private TestRepo repo() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    repo.addTarget(RoleName.TARGETS, "v1", "one");
    repo.delegate(RoleName.TARGETS, "targets/releases", List.of("rel/"), TestRepo.TestKey.plain());
    repo.addTarget(RoleName.of("targets/releases"), "rel/1.0", "release");
    repo.publish();
    server.serve(repo);
    return repo;
  }

  private static Bytes tamperSignature(Signed<?> file) {
    byte[] sig = file.signatures().getFirst().value().toArray();
    sig[5] ^= 1;
    Signature bad = new Signature(file.signatures().getFirst().keyId(), file.signatures().getFirst().method(), Bytes.wrap(sig));
    return TufCodec.encode(file.signed(), List.of(bad));
  }

  private static TrustFailure failureOf(Runnable r) {
    try {
      r.run();
    } catch (TrustException e) {
      return e.failure();
    }
    throw new AssertionError("expected a TrustException");
  }

  // ---- happy path, cache ---------------------------------------------------------------------

  @Test
  void listsAndLooksUpAcrossDelegationsAndCachesVerbatim() throws IOException {
    TestRepo repo = repo();
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.list()).extracting(Target::name, t -> t.role().value())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("rel/1.0", "targets/releases"),
              org.assertj.core.groups.Tuple.tuple("v1", "targets"));
      assertThat(r.lookup("rel/1.0").meta()).isEqualTo(TestRepo.targetMeta("release"));
      assertThat(r.roles()).containsExactly(RoleName.TARGETS, RoleName.of("targets/releases"));
      assertThat(r.list(List.of(RoleName.of("targets/releases")))).extracting(Target::name).containsExactly("rel/1.0");
    }
    Path meta = dir.resolve("trust/tuf").resolve(repo.gun.value()).resolve("metadata");
    for (RoleName role : List.of(RoleName.ROOT, RoleName.TIMESTAMP, RoleName.SNAPSHOT, RoleName.TARGETS,
        RoleName.of("targets/releases"))) {
      Path f = meta.resolve(role.value() + ".json");
      assertThat(Files.readAllBytes(f)).isEqualTo(repo.file(role).orElseThrow().toArray());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(meta))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(meta.resolve("targets")))).isEqualTo("rwx------");

    // warm cache: only the next root version (TUF 1.0 5.3.3; not there) and the timestamp are fetched
    int before = server.requests.size();
    try (TrustClient c = client()) {
      assertThat(c.lookup(repo.gun, "v1").role()).isEqualTo(RoleName.TARGETS);
    }
    assertThat(server.requestedFiles().subList(before, server.requests.size()))
        .containsExactly("2.root.json", "timestamp.json");
  }

  @Test
  void fetchesChangedRolesByHashedName() {
    TestRepo repo = repo();
    try (TrustClient c = client()) {
      c.update(repo.gun);
      repo.addTarget(RoleName.TARGETS, "v2", "two");
      repo.publish(RoleName.TARGETS);
      server.serve(repo);
      int before = server.requests.size();
      assertThat(c.lookup(repo.gun, "v2").meta()).isEqualTo(TestRepo.targetMeta("two"));
      assertThat(server.requestedFiles().subList(before, server.requests.size())).containsExactly(
          "2.root.json",
          "timestamp.json",
          "snapshot." + repo.file(RoleName.SNAPSHOT).orElseThrow().sha256().hex() + ".json",
          "targets." + repo.file(RoleName.TARGETS).orElseThrow().sha256().hex() + ".json");
    }
  }

  @Test
  void targetsShadowDelegationsAndLookupFailsWithNotaryText() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    repo.addTarget(RoleName.TARGETS, "rel/x", "from targets");
    repo.delegate(RoleName.TARGETS, "targets/releases", List.of(""), TestRepo.TestKey.plain());
    repo.addTarget(RoleName.of("targets/releases"), "rel/x", "from releases");
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.lookup("rel/x").role()).isEqualTo(RoleName.TARGETS);
      assertThat(r.lookup("rel/x", List.of(RoleName.of("targets/releases"), RoleName.TARGETS)).role())
          .isEqualTo(RoleName.of("targets/releases"));
      assertThatThrownBy(() -> r.lookup("nope")).hasMessage("No valid trust data for nope");
    }
  }

  // ---- server errors -----------------------------------------------------------------------

  @Test
  void unknownCollectionUsesNotaryText() {
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(new Gun("example.com/none")))
          .isInstanceOf(TrustException.class)
          .hasMessage(server.uri().getHost() + ":" + server.uri().getPort() + " does not have trust data for example.com/none");
    }
  }

  @Test
  void mapsStatusesAsNotary() {
    TestRepo repo = repo();
    server.override(repo.gun, "timestamp.json", new Response.Status(401));
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun))
          .hasMessage("you are not authorized to perform this operation: server returned 401.");
      server.override(repo.gun, "timestamp.json", new Response.Status(502));
      assertThatThrownBy(() -> c.update(repo.gun))
          .hasMessage("unable to reach trust server at this time: 502.");
    }
    server.serve(repo);
    String snap = "snapshot." + repo.file(RoleName.SNAPSHOT).orElseThrow().sha256().hex() + ".json";
    server.override(repo.gun, snap, new Response.Status(404));
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessage(
          "snapshot." + repo.file(RoleName.SNAPSHOT).orElseThrow().sha256().hex()
              + " trust data unavailable.  Has a notary repository been initialized?");
    }
  }

  @Test
  void usesCachedTimestampOnlyWhenServerUnreachableAndCachedStillValid() {
    TestRepo repo = repo();
    repo.expires.put(RoleName.TIMESTAMP, NOW.plus(Duration.ofDays(14)));
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      c.update(repo.gun);
      server.override(repo.gun, "timestamp.json", new Response.Status(503));
      assertThat(c.lookup(repo.gun, "v1").role()).isEqualTo(RoleName.TARGETS);
    }
    // the cached timestamp has expired by now: no fallback
    try (TrustClient later = client(TrustPinning.TOFU, Duration.ofSeconds(10), NOW.plus(Duration.ofDays(20)))) {
      assertThat(failureOf(() -> later.update(repo.gun))).isInstanceOf(TrustFailure.Unavailable.class);
    }
  }

  // ---- signatures, malformed data ----------------------------------------------------------

  @Test
  void refusesTamperedSignatures() {
    for (RoleName role : List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT, RoleName.TARGETS)) {
      TestRepo repo = repo();
      Bytes bad = tamperSignature(repo.files.get(role));
      if (role.equals(RoleName.TIMESTAMP)) {
        server.override(repo.gun, "timestamp.json", new Response.Ok(bad));
      } else {
        // the parent lists the tampered bytes, so only the signature is wrong
        repo.files.put(role, role.equals(RoleName.SNAPSHOT) ? TufCodec.decodeSnapshot(bad) : TufCodec.decodeTargets(role, bad));
        if (role.equals(RoleName.TARGETS)) {
          repo.signSnapshot();
        }
        repo.signTimestamp();
        repo.serveFiles();
        server.serve(repo);
      }
      try (TrustClient c = client()) {
        assertThatThrownBy(() -> c.update(repo.gun)).as(role.value())
            .hasMessage("valid signatures did not meet threshold for " + role)
            .extracting(e -> ((TrustException) e).failure())
            .isEqualTo(new TrustFailure.Invalid(role, TufException.Kind.THRESHOLD));
      }
    }
  }

  @Test
  void refusesMalformedJsonAndDuplicateMembers() {
    TestRepo repo = repo();
    server.override(repo.gun, "timestamp.json", new Response.Ok(Bytes.wrap("{\"signed\":{".getBytes())));
    try (TrustClient c = client()) {
      assertThat(failureOf(() -> c.update(repo.gun)))
          .isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.MALFORMED));
      String ts = new String(repo.file(RoleName.TIMESTAMP).orElseThrow().toArray(), StandardCharsets.UTF_8);
      String dup = ts.replace("\"_type\":\"Timestamp\",", "\"_type\":\"Timestamp\",\"_type\":\"Timestamp\",");
      server.override(repo.gun, "timestamp.json", new Response.Ok(Bytes.wrap(dup.getBytes(StandardCharsets.UTF_8))));
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessageContaining("timestamp").hasMessageContaining("uplicate");
    }
  }

  // ---- rollback, freeze, mix-and-match -----------------------------------------------------

  @Test
  void refusesRollbackOfEveryRole() {
    for (RoleName role : List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT, RoleName.TARGETS, RoleName.of("targets/releases"))) {
      TestRepo repo = repo();
      Bytes old = repo.file(role).orElseThrow();
      if (role.isTargetsFamily()) {
        repo.publish(role);
      } else {
        repo.publish();
      }
      server.serve(repo);
      try (TrustClient c = client()) {
        c.update(repo.gun); // the client now trusts version 2 of every role
        // the attacker re-serves version 1, re-signing what it must with keys it holds
        if (role.equals(RoleName.TIMESTAMP)) {
          server.override(repo.gun, "timestamp.json", new Response.Ok(old));
        } else {
          repo.files.put(role, role.equals(RoleName.SNAPSHOT) ? TufCodec.decodeSnapshot(old) : TufCodec.decodeTargets(role, old));
          if (!role.equals(RoleName.SNAPSHOT)) {
            repo.signSnapshot();
          }
          repo.signTimestamp();
          repo.serveFiles();
          server.serve(repo);
        }
        assertThatThrownBy(() -> c.update(repo.gun)).as(role.value())
            .hasMessage(role + ": version 1 is lower than current version 2")
            .extracting(e -> ((TrustException) e).failure())
            .isEqualTo(new TrustFailure.Rollback(role, 2, 1));
      }
    }
  }

  @Test
  void refusesFreezeWithExpiredTimestamp() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    repo.expires.put(RoleName.TIMESTAMP, NOW.minus(Duration.ofHours(1)));
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun))
          .hasMessageStartingWith("timestamp expired at ")
          .extracting(e -> ((TrustException) e).failure())
          .isInstanceOf(TrustFailure.Expired.class);
    }
  }

  @Test
  void refusesExpiredTargetsNamingRoleAndTime() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    Instant exp = Instant.parse("2020-03-04T05:06:07Z");
    repo.expires.put(RoleName.TARGETS, exp);
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessage("targets expired at Wed Mar 4 05:06:07 UTC 2020")
          .extracting(e -> ((TrustException) e).failure())
          .isEqualTo(new TrustFailure.Expired(RoleName.TARGETS, exp));
    }
  }

  @Test
  void refusesMixAndMatchSnapshot() {
    TestRepo repo = repo();
    Bytes oldSnapshot = repo.file(RoleName.SNAPSHOT).orElseThrow();
    repo.publish(RoleName.TARGETS);
    repo.serveAs(RoleName.SNAPSHOT, oldSnapshot); // served under the new snapshot's hashed name
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessageStartingWith("sha256 checksum for snapshot did not match")
          .extracting(e -> ((TrustException) e).failure())
          .isEqualTo(new TrustFailure.Invalid(RoleName.SNAPSHOT, TufException.Kind.HASH_MISMATCH));
    }
  }

  @Test
  void refusesLengthDifferentFromParentMeta() {
    TestRepo repo = repo();
    Bytes targets = repo.file(RoleName.TARGETS).orElseThrow();
    // the snapshot lists targets 7 bytes longer than it is: the served file is complete but short
    var snap = (dev.hallmark.tuf.Snapshot) repo.files.get(RoleName.SNAPSHOT).signed();
    var meta = new java.util.HashMap<>(snap.meta());
    var fm = meta.get(RoleName.TARGETS);
    meta.put(RoleName.TARGETS, new dev.hallmark.tuf.FileMeta(fm.length() + 7, fm.hashes(), fm.custom()));
    var forged = TestRepo.sign(new dev.hallmark.tuf.Snapshot(snap.version() + 1, snap.expires(), meta), List.of(repo.snapshotKey));
    repo.files.put(RoleName.SNAPSHOT, forged);
    repo.signTimestamp();
    repo.serveFiles();
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThat(failureOf(() -> c.update(repo.gun)))
          .isEqualTo(new TrustFailure.LengthMismatch(RoleName.TARGETS, targets.length() + 7, targets.length()));
    }
    // and 7 bytes shorter: the download is cut at the listed length
    meta.put(RoleName.TARGETS, new dev.hallmark.tuf.FileMeta(fm.length() - 7, fm.hashes(), fm.custom()));
    repo.files.put(RoleName.SNAPSHOT,
        TestRepo.sign(new dev.hallmark.tuf.Snapshot(snap.version() + 2, snap.expires(), meta), List.of(repo.snapshotKey)));
    repo.signTimestamp();
    repo.serveFiles();
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThat(failureOf(() -> c.update(repo.gun))).isInstanceOf(TrustFailure.TooLarge.class);
    }
  }

  // ---- endless data, slow retrieval --------------------------------------------------------

  @Test
  void refusesEndlessAndHugeBodies() throws IOException {
    TestRepo repo = repo();
    long start = System.nanoTime();
    try (TrustClient c = client()) {
      server.override(repo.gun, "timestamp.json", new Response.Endless());
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessageStartingWith("trust server returned a bad response.")
          .extracting(e -> ((TrustException) e).failure())
          .isEqualTo(new TrustFailure.TooLarge("timestamp", Updater.MAX_TIMESTAMP_SIZE));
      server.override(repo.gun, "timestamp.json", new Response.HugeLength());
      assertThat(failureOf(() -> c.update(repo.gun))).isInstanceOf(TrustFailure.TooLarge.class);
    }
    // a first root declaring more than 100 MiB is refused before its body is read
    server.serve(repo);
    server.override(repo.gun, "root.json", new Response.HugeLength());
    try (var remote = HttpRemoteStore.builder(server.uri()).caFile(caFile).build();
         var fresh = TrustClient.builder(dir.resolve("fresh"), remote).build()) {
      assertThat(failureOf(() -> fresh.update(repo.gun)))
          .isEqualTo(new TrustFailure.TooLarge("root", Updater.MAX_DOWNLOAD_SIZE));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void abortsSlowRetrievalAtTheDeadline() {
    TestRepo repo = repo();
    server.override(repo.gun, "timestamp.json", new Response.Drip(repo.file(RoleName.TIMESTAMP).orElseThrow(), 300));
    try (TrustClient c = client(TrustPinning.TOFU, Duration.ofMillis(1500), NOW)) {
      long start = System.nanoTime();
      // no cached timestamp to fall back to: the timeout is the error
      assertThat(failureOf(() -> c.update(repo.gun))).isEqualTo(new TrustFailure.Timeout("timestamp", 1500));
      // root.json (fetched for the retry) came quickly; total is about one deadline
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  // ---- root rotation -----------------------------------------------------------------------

  @Test
  void followsValidRootRotationChain() {
    TestRepo repo = repo();
    try (TrustClient c = client()) {
      c.update(repo.gun);
      repo.rotateRoot(false);
      repo.rotateRoot(false);
      repo.rotateRoot(true); // v4 also replaces the timestamp key, so the old root cannot verify
      repo.publish();
      server.serve(repo);
      int before = server.requests.size();
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.root().signed().version()).isEqualTo(4);
      assertThat(server.requestedFiles().subList(before, server.requests.size()))
          .contains("root.json", "2.root.json", "3.root.json").doesNotContain("4.root.json", "1.root.json");
      assertThat(r.lookup("v1").role()).isEqualTo(RoleName.TARGETS);
    }
  }

  @Test
  void refusesRotationWithUnsignedIntermediate() {
    TestRepo repo = repo();
    try (TrustClient c = client()) {
      c.update(repo.gun);
      TestRepo.TestKey old = repo.rootKey;
      repo.rootKey = TestRepo.TestKey.rootCert(repo.gun, NOW);
      repo.timestampKey = TestRepo.TestKey.plain();
      repo.signRoot(List.of(repo.rootKey)); // v2 not signed by v1's key
      repo.rotateRoot(false);               // v3 properly signed by v2
      repo.publish();
      server.serve(repo);
      assertThat(old).isNotNull();
      assertThatThrownBy(() -> c.update(repo.gun))
          .hasMessageStartingWith(RootChecks.ROTATE)
          .hasMessageContaining("root version 2 is not signed by version 1");
    }
  }

  @Test
  void refusesRotationThatSkipsAVersion() {
    TestRepo repo = repo();
    try (TrustClient c = client()) {
      c.update(repo.gun);
      repo.rotateRoot(false);
      repo.rotateRoot(true);
      repo.publish();
      // the server pretends version 2 does not exist and offers v3 in its place
      repo.served.put("2.root.json", repo.served.get("3.root.json"));
      server.serve(repo);
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessageContaining("2.root.json has version 3");
    }
  }

  @Test
  void refusesRootRollback() {
    TestRepo repo = repo();
    Bytes v1 = repo.served.get("root.json");
    repo.rotateRoot(true);
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      c.update(repo.gun);
      server.override(repo.gun, "root.json", new Response.Ok(v1));
      server.override(repo.gun, "timestamp.json", new Response.Ok(tamperSignature(repo.files.get(RoleName.TIMESTAMP))));
      assertThat(failureOf(() -> c.update(repo.gun))).isEqualTo(new TrustFailure.Rollback(RoleName.ROOT, 2, 1));
    }
  }

  // ---- delegations -------------------------------------------------------------------------

  @Test
  void ignoresTargetsOutsideDelegationPaths() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    repo.delegate(RoleName.TARGETS, "targets/releases", List.of("rel/"), TestRepo.TestKey.plain());
    repo.delegate(RoleName.of("targets/releases"), "targets/releases/qa", List.of("rel/qa/", "other/"), TestRepo.TestKey.plain());
    repo.addTarget(RoleName.of("targets/releases"), "rel/ok", "ok");
    repo.addTarget(RoleName.of("targets/releases"), "escape", "outside");
    repo.addTarget(RoleName.of("targets/releases/qa"), "rel/qa/1", "qa");
    repo.addTarget(RoleName.of("targets/releases/qa"), "other/x", "outside the parent's paths");
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.list()).extracting(Target::name).containsExactly("rel/ok", "rel/qa/1");
      assertThat(r.paths(RoleName.of("targets/releases/qa"))).containsExactly("rel/qa/");
      assertThat(failureOf(() -> r.lookup("escape"))).isEqualTo(new TrustFailure.TargetNotFound("escape"));
      assertThat(failureOf(() -> r.lookup("other/x"))).isEqualTo(new TrustFailure.TargetNotFound("other/x"));
    }
  }

  @Test
  void ignoresRolesTheParentDoesNotDeclare() {
    TestRepo repo = repo();
    // a role listed in the snapshot and served, but declared by nobody
    RoleName evil = RoleName.of("targets/evil");
    TestRepo.TestKey k = TestRepo.TestKey.plain();
    repo.content.put(evil, new java.util.LinkedHashMap<>());
    repo.signers.put(evil, k);
    repo.addTarget(evil, "v1-evil", "evil");
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.roles()).doesNotContain(evil);
      assertThat(r.list()).extracting(Target::name).doesNotContain("v1-evil");
      assertThatThrownBy(() -> r.list(List.of(evil))).hasMessage("tuf: invalid role targets/evil. delegation does not exist");
      assertThat(server.requestedFiles()).noneMatch(f -> f.startsWith("targets/evil"));
    }
  }

  @Test
  void refusesDelegationSignedByWrongKey() {
    TestRepo repo = repo();
    RoleName rel = RoleName.of("targets/releases");
    repo.signers.put(rel, TestRepo.TestKey.plain());
    repo.publish(rel);
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessage("valid signatures did not meet threshold for targets/releases")
          .extracting(e -> ((TrustException) e).failure())
          .isEqualTo(new TrustFailure.Invalid(rel, TufException.Kind.THRESHOLD));
    }
    // notary's behaviour, on request: drop the role and keep the rest
    try (var remote = HttpRemoteStore.builder(server.uri()).caFile(caFile).build();
         var lenient = TrustClient.builder(dir.resolve("lenient"), remote).skipInvalidDelegations(true)
             .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      TrustedRepository r = lenient.update(repo.gun);
      assertThat(r.roles()).containsExactly(RoleName.TARGETS);
      assertThat(r.list()).extracting(Target::name).containsExactly("v1");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void treatsDeclaredButUnpublishedDelegationAsEmpty() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    repo.addTarget(RoleName.TARGETS, "v1", "one");
    repo.publish();
    repo.delegate(RoleName.TARGETS, "targets/releases", List.of(""), TestRepo.TestKey.plain());
    repo.content.remove(RoleName.of("targets/releases"));
    repo.publish(RoleName.TARGETS);
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.roles()).containsExactly(RoleName.TARGETS, RoleName.of("targets/releases"));
      assertThat(r.list(List.of(RoleName.of("targets/releases")))).isEmpty();
    }
  }

  // ---- trust pinning -----------------------------------------------------------------------

  @Test
  void appliesTrustPinningOnFirstUse() {
    TestRepo repo = repo();
    var wrongId = new TrustPinning(java.util.Map.of(repo.gun.value(), List.of(TestRepo.TestKey.plain().id())),
        java.util.Map.of(), false);
    try (TrustClient c = client(wrongId, Duration.ofSeconds(10), NOW)) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessage(
          "could not validate the path to a trusted root: unable to match any certificates to trust_pinning config");
    }
    var noTofu = new TrustPinning(java.util.Map.of(), java.util.Map.of(), true);
    try (TrustClient c = client(noTofu, Duration.ofSeconds(10), NOW)) {
      assertThatThrownBy(() -> c.update(repo.gun))
          .hasMessage("could not validate the path to a trusted root: invalid trust pinning specified");
    }
    var wildcard = new TrustPinning(java.util.Map.of("example.com/*", List.of(repo.rootKey.id())), java.util.Map.of(), true);
    try (TrustClient c = client(wildcard, Duration.ofSeconds(10), NOW)) {
      assertThat(c.lookup(repo.gun, "v1").role()).isEqualTo(RoleName.TARGETS);
    }
  }

  @Test
  void appliesCaPinning() throws IOException {
    TestRepo repo = new TestRepo(newGun(), NOW);
    var caKey = TestPki.ecKey();
    var ca = TestPki.certificate("Root CA", caKey, null, null, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(99)), true, false);
    var leafKey = TestPki.ecKey();
    var leaf = TestPki.certificate(repo.gun.value(), leafKey, ca, caKey.getPrivate(), NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(99)), false, false);
    repo.rootKey = new TestRepo.TestKey(leafKey, dev.hallmark.tuf.Keys.fromCertificate(leaf));
    repo.rootVersion = 0;
    repo.signRoot(List.of(repo.rootKey));
    repo.addTarget(RoleName.TARGETS, "v1", "one");
    repo.publish();
    server.serve(repo);
    Path bundle = dir.resolve("pin-ca.pem");
    Files.writeString(bundle, TestPki.pem(ca));
    try (TrustClient c = client(new TrustPinning(java.util.Map.of(), java.util.Map.of("example.com/", bundle), true),
        Duration.ofSeconds(10), NOW)) {
      assertThat(c.lookup(repo.gun, "v1").role()).isEqualTo(RoleName.TARGETS);
    }
    Path other = dir.resolve("other-ca.pem");
    Files.writeString(other, TestPki.pem(tls.caCert()));
    Files.walk(dir.resolve("trust")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    try (TrustClient c = client(new TrustPinning(java.util.Map.of(), java.util.Map.of("example.com/", other), true),
        Duration.ofSeconds(10), NOW)) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessageContaining("unable to match any certificates");
    }
  }

  @Test
  void refusesRootWhoseCertificateNamesAnotherGun() {
    TestRepo repo = new TestRepo(newGun(), NOW);
    repo.rootKey = TestRepo.TestKey.rootCert(new Gun("example.com/other"), NOW);
    repo.rootVersion = 0;
    repo.signRoot(List.of(repo.rootKey));
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun)).hasMessage(
          "could not validate the path to a trusted root: no valid leaf certificates found in any of the root keys");
    }
  }

  @Test
  void keepsPreviousCacheWhenAnUpdateFails() throws IOException {
    TestRepo repo = repo();
    try (TrustClient c = client()) {
      c.update(repo.gun);
    }
    Path ts = dir.resolve("trust/tuf").resolve(repo.gun.value()).resolve("metadata/timestamp.json");
    byte[] before = Files.readAllBytes(ts);
    repo.signers.put(RoleName.TARGETS, TestRepo.TestKey.plain());
    repo.publish(RoleName.TARGETS);
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThat(failureOf(() -> c.update(repo.gun))).isInstanceOf(TrustFailure.Invalid.class);
    }
    assertThat(Files.readAllBytes(ts)).isEqualTo(before);
  }
  // ---- attacks: each against a warm cache, which must stay as it was ---------------------------

  private static final RoleName RELEASES = RoleName.of("targets/releases");

  /** Every file of the trust directory, by path relative to it. */
  private Map<String, Bytes> cacheFiles() {
    Path trust = dir.resolve("trust");
    if (!Files.isDirectory(trust)) {
      return Map.of();
    }
    try (var walk = Files.walk(trust)) {
      Map<String, Bytes> out = new TreeMap<>();
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(trust.relativize(p).toString(), Bytes.wrap(Files.readAllBytes(p)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Updates once, so the repository as served now is cached; returns the cache. */
  private Map<String, Bytes> warm(TestRepo repo) {
    try (TrustClient c = client()) {
      c.update(repo.gun);
    }
    return cacheFiles();
  }

  private TrustException refused(TestRepo repo, Map<String, Bytes> cacheBefore) {
    return refused(repo, cacheBefore, client());
  }

  /** The error of an update that must fail, after checking that the cache is as it was. */
  private TrustException refused(TestRepo repo, Map<String, Bytes> cacheBefore, TrustClient c) {
    try (c) {
      TrustedRepository r = c.update(repo.gun);
      throw new AssertionError("the update was not refused; trusted targets " + r.list());
    } catch (TrustException e) {
      assertThat(cacheFiles()).as("cache after " + e.getMessage()).isEqualTo(cacheBefore);
      return e;
    }
  }

  /** The name the server serves a role's current file under. */
  private static String hashedName(TestRepo repo, RoleName role) {
    return role.value() + "." + repo.file(role).orElseThrow().sha256().hex() + ".json";
  }

  private static String text(Bytes b) {
    return new String(b.unsafeArray(), StandardCharsets.UTF_8);
  }

  private static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A file whose signed part is the given text, signed over exactly those bytes. */
  private static Bytes signRaw(String signed, TestRepo.TestKey key) {
    Signature s = key.sign(signed.getBytes(StandardCharsets.UTF_8));
    return utf8("{\"signed\":" + signed + ",\"signatures\":[{\"keyid\":\"" + s.keyId().value()
        + "\",\"method\":\"ecdsa\",\"sig\":\"" + s.value().base64() + "\"}]}");
  }

  @Test
  void countsOneKeyOnceThoughListedUnderTwoKeyIds() {
    // a delegation of threshold 2 lists one key twice: as a plain ecdsa key and as a certificate of it
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    TestRepo.TestKey plain = repo.signers.get(RELEASES);
    TestRepo.TestKey cert = new TestRepo.TestKey(plain.pair(), Keys.fromCertificate(
        TestPki.selfSigned("releases", plain.pair(), NOW, Duration.ofDays(365))));
    assertThat(cert.publicKey().canonicalId()).isEqualTo(plain.id());
    repo.delegate(RoleName.TARGETS, RELEASES.value(), List.of("rel/"), 2, List.of(plain, cert));
    repo.cosigners.put(RELEASES, List.of(cert));
    repo.addTarget(RELEASES, "rel/2.0", "evil");
    repo.publish(RoleName.TARGETS, RELEASES);
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage("valid signatures did not meet threshold for targets/releases")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RELEASES, TufException.Kind.THRESHOLD));

    // the timestamp role of a first root lists its key as ecdsa and as ecdsa-x509, threshold 2
    TestRepo fresh = new TestRepo(newGun(), NOW);
    TestRepo.TestKey tsCert = new TestRepo.TestKey(fresh.timestampKey.pair(), Keys.fromCertificate(
        TestPki.selfSigned("timestamp", fresh.timestampKey.pair(), NOW, Duration.ofDays(365))));
    fresh.extraRootKeys.put(tsCert.id(), tsCert.publicKey());
    fresh.rootRoles.put(RoleName.TIMESTAMP, new RoleKeys(List.of(fresh.timestampKey.id(), tsCert.id()), 2));
    fresh.cosigners.put(RoleName.TIMESTAMP, List.of(tsCert));
    fresh.rootVersion = 0;
    fresh.signRoot(List.of(fresh.rootKey));
    fresh.publish();
    server.serve(fresh);
    Map<String, Bytes> rootOnly = new TreeMap<>(before);
    rootOnly.put("tuf/" + fresh.gun.value() + "/metadata/root.json", fresh.served.get("root.json")); // trusted at once, as notary
    assertThat(refused(fresh, rootOnly)).hasMessage("valid signatures did not meet threshold for timestamp");
    // the root role of a first root lists two certificates of one root key, threshold 2
    TestRepo twin = new TestRepo(newGun(), NOW);
    TestRepo.TestKey twinKey = new TestRepo.TestKey(twin.rootKey.pair(), Keys.fromCertificate(
        TestPki.selfSigned(twin.gun.value(), twin.rootKey.pair(), NOW, Duration.ofDays(3650))));
    twin.extraRootKeys.put(twinKey.id(), twinKey.publicKey());
    twin.rootRoles.put(RoleName.ROOT, new RoleKeys(List.of(twin.rootKey.id(), twinKey.id()), 2));
    twin.rootVersion = 0;
    twin.signRoot(List.of(twin.rootKey, twinKey));
    twin.publish();
    server.serve(twin);
    assertThat(refused(twin, rootOnly)).hasMessage(RootChecks.BOOTSTRAP + "valid signatures did not meet threshold for root");
  }

  @Test
  void refusesDelegationBelowItsThresholdHoweverItsSignaturesAreCounted() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    TestRepo.TestKey k1 = repo.signers.get(RELEASES);
    TestRepo.TestKey k2 = TestRepo.TestKey.plain();
    TestRepo.TestKey sibling = TestRepo.TestKey.plain();
    repo.delegate(RoleName.TARGETS, "targets/other", List.of("other/"), sibling);
    repo.delegate(RoleName.TARGETS, RELEASES.value(), List.of("rel/"), 2, List.of(k1, k2));
    repo.addTarget(RELEASES, "rel/2.0", "two");
    // signed once; by the same key twice; by a sibling's key the parent lists; by the targets key
    for (List<TestRepo.TestKey> also : List.of(List.<TestRepo.TestKey>of(), List.of(k1), List.of(sibling),
        List.of(repo.targetsKey))) {
      repo.cosigners.put(RELEASES, also);
      repo.publish(RoleName.TARGETS, RELEASES);
      server.serve(repo);
      assertThat(refused(repo, before).failure()).as("co-signed by %s", also)
          .isEqualTo(new TrustFailure.Invalid(RELEASES, TufException.Kind.THRESHOLD));
    }
    repo.cosigners.put(RELEASES, List.of(k2));
    repo.publish(RELEASES);
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThat(c.lookup(repo.gun, "rel/2.0").role()).isEqualTo(RELEASES);
    }
  }

  @Test
  void refusesNestedDelegationSignedByASiblingsKeyOrListedUnderAnotherKeysId() {
    RoleName qa = RoleName.of("targets/releases/qa");
    TestRepo repo = repo();
    TestRepo.TestKey qaKey = TestRepo.TestKey.plain();
    TestRepo.TestKey betaKey = TestRepo.TestKey.plain();
    repo.delegate(RELEASES, qa.value(), List.of("rel/qa/"), qaKey);
    repo.delegate(RELEASES, "targets/releases/beta", List.of("rel/beta/"), betaKey);
    repo.addTarget(qa, "rel/qa/1", "qa");
    repo.publish(RELEASES);
    server.serve(repo);
    Map<String, Bytes> before = warm(repo);
    repo.signers.put(qa, betaKey);
    repo.addTarget(qa, "rel/qa/2", "evil");
    repo.publish(qa);
    server.serve(repo);
    assertThat(refused(repo, before).failure()).isEqualTo(new TrustFailure.Invalid(qa, TufException.Kind.THRESHOLD));

    // the parent lists qa's key ID with another key's content, and that key signs under the ID
    TestRepo.TestKey attacker = TestRepo.TestKey.plain();
    repo.delegationKeys.get(RELEASES).put(qaKey.id(), attacker.publicKey());
    repo.signers.put(qa, new TestRepo.TestKey(attacker.pair(), qaKey.publicKey()));
    repo.publish(RELEASES, qa);
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage("targets/releases type metadata invalid: key ID " + qaKey.id().value()
        + " does not match its key content");
  }

  @Test
  void refusesSignaturesWhoseMethodDoesNotFitTheKey() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish();
    server.serve(repo);
    Signed<?> ts = repo.files.get(RoleName.TIMESTAMP);
    Signature sig = ts.signatures().getFirst();
    for (SignatureMethod m : List.of(SignatureMethod.EDDSA, SignatureMethod.RSAPSS, SignatureMethod.RSA_PKCS1V15,
        SignatureMethod.PYCRYPTO_PSS)) {
      server.override(repo.gun, "timestamp.json",
          new Response.Ok(TufCodec.encode(ts.signed(), List.of(new Signature(sig.keyId(), m, sig.value())))));
      assertThat(refused(repo, before).failure()).as(m.wireName())
          .isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.THRESHOLD));
    }
  }

  @Test
  void refusesRotationToAnExpiredRootOrToOneItsOwnKeysDoNotSign() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    Instant past = NOW.minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    repo.expires.put(RoleName.ROOT, past);
    repo.rotateRoot(true);
    repo.publish();
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessageStartingWith("root expired at ")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Expired(RoleName.ROOT, past));

    // v2 wants two of its two root keys but carries one of them (and the old key's)
    TestRepo other = repo();
    before = warm(other);
    TestRepo.TestKey old = other.rootKey;
    TestRepo.TestKey second = TestRepo.TestKey.rootCert(other.gun, NOW);
    other.rootKey = TestRepo.TestKey.rootCert(other.gun, NOW);
    other.timestampKey = TestRepo.TestKey.plain();
    other.extraRootKeys.put(second.id(), second.publicKey());
    other.rootRoles.put(RoleName.ROOT, new RoleKeys(List.of(other.rootKey.id(), second.id()), 2));
    other.signRoot(List.of(old, other.rootKey));
    other.publish();
    server.serve(other);
    assertThat(refused(other, before)).hasMessageStartingWith("could not rotate trust to a new trusted root: root version 2"
        + " is not signed by its own root keys").extracting(TrustException::failure).isInstanceOf(TrustFailure.UntrustedRoot.class);
  }

  @Test
  void refusesFreezeWithExpiredSnapshotOrDelegation() {
    Instant past = NOW.minus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (RoleName role : List.of(RoleName.SNAPSHOT, RELEASES)) {
      TestRepo repo = repo();
      Map<String, Bytes> before = warm(repo);
      repo.expires.put(role, past);
      repo.publish(RELEASES);
      server.serve(repo);
      assertThat(refused(repo, before)).hasMessageStartingWith(role + " expired at ")
          .extracting(TrustException::failure).isEqualTo(new TrustFailure.Expired(role, past));
    }
  }

  @Test
  void refusesMixAndMatchOfTargetsAndDelegations() {
    for (RoleName role : List.of(RoleName.TARGETS, RELEASES)) {
      TestRepo repo = repo();
      Map<String, Bytes> before = warm(repo);
      Bytes old = repo.file(role).orElseThrow();
      repo.publish(role);
      repo.serveAs(role, old); // version 1, same length, under version 2's hashed name
      server.serve(repo);
      assertThat(refused(repo, before)).hasMessageStartingWith("sha256 checksum for " + role + " did not match")
          .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(role, TufException.Kind.HASH_MISMATCH));
    }
  }

  @Test
  void refusesSnapshotThatLeavesOutADelegationItsParentStillDeclares() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    // the snapshot signer (the server, with a server-managed snapshot) drops targets/releases: its targets would vanish
    repo.files.remove(RELEASES);
    repo.signSnapshot();
    repo.signTimestamp();
    repo.serveFiles();
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage(
            "snapshot version 2 does not list targets/releases, which targets delegates and trusted snapshot version 1 lists")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.SNAPSHOT, TufException.Kind.ROLLBACK));

    // a delegation its parent removed may leave the snapshot
    repo.delegations.remove(RoleName.TARGETS);
    repo.delegationKeys.remove(RoleName.TARGETS);
    repo.content.remove(RELEASES);
    repo.publish(RoleName.TARGETS);
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThat(c.update(repo.gun).roles()).containsExactly(RoleName.TARGETS);
    }
  }

  @Test
  void refusesAnotherRootOfTheSameVersion() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    // the same GUN initialised again (a new root certificate), published as version 1: notary's words
    TestRepo again = new TestRepo(repo.gun.value(), NOW);
    again.publish();
    server.serve(again);
    assertThat(refused(again, before)).hasMessage(
        "could not rotate trust to a new trusted root: failed to validate data with current trusted certificates");
    // a root the trusted keys did sign, but with other content under the same version: refused too
    repo.rootVersion--;
    repo.expires.put(RoleName.ROOT, NOW.plus(Duration.ofDays(700)));
    repo.signRoot(List.of(repo.rootKey));
    repo.publish();
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage(
        "could not rotate trust to a new trusted root: root version 1 differs from the trusted root of the same version");
  }

  @Test
  void picksUpANewRootEvenWhenTheOldTimestampKeyStillVerifies() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    // the owner rotates root and the timestamp key (the old one leaked); the server keeps the old key
    // and serves a fresh timestamp signed by it for the snapshot this client has cached
    Bytes staleSnapshot = repo.file(RoleName.SNAPSHOT).orElseThrow();
    TestRepo.TestKey leaked = repo.timestampKey;
    repo.rotateRoot(true);
    repo.publish();
    server.serve(repo);
    var ts = new dev.hallmark.tuf.Timestamp(99, dev.hallmark.tuf.Expires.at(NOW.plus(Duration.ofDays(30))),
        dev.hallmark.tuf.FileMeta.of(staleSnapshot));
    server.override(repo.gun, "timestamp.json", new Response.Ok(TestRepo.sign(ts, List.of(leaked)).bytes()));
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun)).isInstanceOf(TrustException.class)
          .hasMessageContaining("valid signatures did not meet threshold for timestamp");
    }
    // the new root was verified and kept (TUF 1.0 5.3.8); nothing signed by the leaked key was
    Map<String, Bytes> after = cacheFiles();
    after.forEach((file, bytes) -> {
      if (!file.endsWith("root.json")) {
        assertThat(bytes).as(file).isEqualTo(before.get(file));
      }
    });
  }

  @Test
  void acceptsADelegationDeclaredAgainThatHasNoFileYet() {
    TestRepo repo = repo();
    warm(repo);
    // since this client's update the owner removed targets/releases and added it again (docker trust
    // signer remove, then add): targets is a new file declaring it, the role has published nothing yet
    repo.files.remove(RELEASES);
    repo.content.remove(RELEASES);
    repo.publish(RoleName.TARGETS);
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.roles()).containsExactly(RoleName.TARGETS, RELEASES);
      assertThat(r.list(List.of(RELEASES))).isEmpty();
    }
  }

  @Test
  void refusesEndlessAndOversizedBodiesOfEveryFile() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish(RoleName.TARGETS, RELEASES); // new versions of every role, fetched by new names
    for (RoleName role : List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT, RoleName.TARGETS, RELEASES)) {
      String file = role.equals(RoleName.TIMESTAMP) ? "timestamp.json" : hashedName(repo, role);
      long limit = role.equals(RoleName.TIMESTAMP) ? Updater.MAX_TIMESTAMP_SIZE : repo.file(role).orElseThrow().length();
      for (Response r : List.of(new Response.Endless(), new Response.HugeLength())) {
        server.serve(repo);
        server.override(repo.gun, file, r);
        assertThat(refused(repo, before)).as("%s %s", file, r).hasMessageStartingWith("trust server returned a bad response.")
            .extracting(TrustException::failure)
            .isEqualTo(new TrustFailure.TooLarge(HttpRemoteStore.resourceName(file), limit));
      }
    }
  }

  @Test
  void capsDownloadsAtTheMaximumSizeWhateverLengthTheParentLists() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish(RoleName.TARGETS);
    // the snapshot lists targets as 10 GiB long, and the server sends data without end
    var snap = (dev.hallmark.tuf.Snapshot) repo.files.get(RoleName.SNAPSHOT).signed();
    var meta = new java.util.HashMap<>(snap.meta());
    FileMeta fm = meta.get(RoleName.TARGETS);
    meta.put(RoleName.TARGETS, new FileMeta(10L << 30, fm.hashes(), fm.custom()));
    repo.files.put(RoleName.SNAPSHOT, TestRepo.sign(new dev.hallmark.tuf.Snapshot(snap.version() + 1, snap.expires(), meta),
        List.of(repo.snapshotKey)));
    repo.signTimestamp();
    repo.serveFiles();
    server.serve(repo);
    String file = hashedName(repo, RoleName.TARGETS);
    server.override(repo.gun, file, new Response.Endless());
    assertThat(refused(repo, before).failure())
        .isEqualTo(new TrustFailure.TooLarge(HttpRemoteStore.resourceName(file), Updater.MAX_DOWNLOAD_SIZE));
  }

  @Test
  void refusesEndlessRootsDuringRotation() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.rotateRoot(false);
    repo.rotateRoot(true);
    repo.publish();
    for (String file : List.of("2.root.json", "root.json")) {
      server.serve(repo);
      server.override(repo.gun, file, new Response.Endless());
      assertThat(refused(repo, before).failure()).as(file)
          .isEqualTo(new TrustFailure.TooLarge(HttpRemoteStore.resourceName(file), Updater.MAX_DOWNLOAD_SIZE));
    }
  }

  @Test
  void abortsSlowRetrievalOfEveryFile() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish(RoleName.TARGETS, RELEASES);
    Duration deadline = Duration.ofMillis(1500);
    for (RoleName role : List.of(RoleName.SNAPSHOT, RoleName.TARGETS, RELEASES)) {
      String file = hashedName(repo, role);
      server.serve(repo);
      server.override(repo.gun, file, new Response.Drip(repo.file(role).orElseThrow(), 300));
      long start = System.nanoTime();
      assertThat(refused(repo, before, client(TrustPinning.TOFU, deadline, NOW)).failure()).as(file)
          .isEqualTo(new TrustFailure.Timeout(HttpRemoteStore.resourceName(file), deadline.toMillis()));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
    // a server that never answers: the deadline covers the status line too
    server.serve(repo);
    server.override(repo.gun, hashedName(repo, RoleName.SNAPSHOT), new Response.Stall());
    long start = System.nanoTime();
    assertThat(refused(repo, before, client(TrustPinning.TOFU, deadline, NOW)).failure())
        .isEqualTo(new TrustFailure.Timeout(HttpRemoteStore.resourceName(hashedName(repo, RoleName.SNAPSHOT)), 1500));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    // an intermediate root during rotation
    repo.rotateRoot(false);
    repo.rotateRoot(true);
    repo.publish();
    server.serve(repo);
    server.override(repo.gun, "2.root.json", new Response.Drip(repo.served.get("2.root.json"), 300));
    assertThat(refused(repo, before, client(TrustPinning.TOFU, deadline, NOW)).failure())
        .isEqualTo(new TrustFailure.Timeout("2.root", deadline.toMillis()));
  }

  @Test
  void refusesHostileJson() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish();
    server.serve(repo);
    String ts = text(repo.file(RoleName.TIMESTAMP).orElseThrow());
    assertThat(ts).contains("\"version\":2}");
    byte[] badUtf8 = ts.replace("\"_type\":\"Timestamp\"", "\"_type\":\"Timestamp\",\"x\":\"\0\"")
        .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < badUtf8.length; i++) {
      if (badUtf8[i] == 0) { // an overlong encoding of '/'
        badUtf8 = java.util.Arrays.copyOf(badUtf8, badUtf8.length + 1);
        System.arraycopy(badUtf8, i + 1, badUtf8, i + 2, badUtf8.length - i - 2);
        badUtf8[i] = (byte) 0xC0;
        badUtf8[i + 1] = (byte) 0xAF;
        break;
      }
    }
    List<Bytes> bodies = List.of(
        utf8("[".repeat(200_000)),
        utf8(ts.replace("\"meta\":", "\"meta\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"m\":")),
        utf8(ts.replace("\"_type\":\"Timestamp\"", "\"_type\":\"Timestamp\",\"\\u005ftype\":\"Timestamp\"")),
        utf8(ts.replace("{\"signed\":", "{\"\\u0073igned\":{},\"signed\":")),
        Bytes.wrap(badUtf8),
        utf8(ts.replace("\"version\":2}", "\"version\":99999999999999999999999999}")),
        utf8(ts.replace("\"version\":2}", "\"version\":1e400}")),
        utf8(ts.replace("\"version\":2}", "\"version\":2.5}")),
        utf8(ts.replace("\"version\":2}", "\"version\":2.0}")),
        utf8(ts.replace("\"length\":", "\"length\":1e2,\"l\":")));
    for (Bytes body : bodies) {
      server.override(repo.gun, "timestamp.json", new Response.Ok(body));
      assertThat(refused(repo, before).failure()).as(text(body).substring(0, Math.min(80, body.length())))
          .isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.MALFORMED));
    }
    // versions zero and negative, validly signed
    String canonical = text(repo.files.get(RoleName.TIMESTAMP).canonical());
    for (String v : List.of("0", "-1", "-2147483649")) {
      server.override(repo.gun, "timestamp.json",
          new Response.Ok(signRaw(canonical.replace("\"version\":2}", "\"version\":" + v + "}"), repo.timestampKey)));
      assertThat(refused(repo, before)).as(v).hasMessageContaining("timestamp type metadata invalid: version cannot be less than one")
          .extracting(TrustException::failure)
          .isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.INVALID_METADATA));
    }
  }

  /** One random change of a file: a byte flipped, dropped or duplicated, a JSON token spliced in, a cut. */
  private static Bytes mutate(Bytes file, java.util.Random random) {
    byte[] b = file.toArray();
    int at = random.nextInt(b.length);
    var out = new java.io.ByteArrayOutputStream();
    switch (random.nextInt(5)) {
      case 0 -> {
        b[at] ^= (byte) (1 << random.nextInt(8));
        out.writeBytes(b);
      }
      case 1 -> {
        out.write(b, 0, at);
        out.write(b, at + 1, b.length - at - 1);
      }
      case 2 -> {
        out.write(b, 0, at + 1);
        out.write(b, at, b.length - at);
      }
      case 3 -> {
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-0", "1e9", "0.5", "9223372036854775808",
            "\"\\ud800\"", "\u00e9", "\u2028", "\"signed\":{},", "\"version\":0,", "\"keyid\":\"\","};
        out.write(b, 0, at);
        out.writeBytes(tokens[random.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8));
        out.write(b, at, b.length - at);
      }
      default -> out.write(b, 0, at);
    }
    return Bytes.wrap(out.toByteArray());
  }

  @Test
  void endsEveryMutatedFileInATrustErrorAndKeepsTheCache() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish();
    server.serve(repo);
    var random = new java.util.Random(20261127);
    Bytes ts = repo.file(RoleName.TIMESTAMP).orElseThrow();
    try (TrustClient c = client()) {
      for (int i = 0; i < 120; i++) {
        Bytes mutated = mutate(ts, random);
        server.override(repo.gun, "timestamp.json", new Response.Ok(mutated));
        try {
          c.update(repo.gun);
          before = cacheFiles(); // a change Go's reader also ignores, e.g. in a signature's method case
        } catch (TrustException e) {
          assertThat(cacheFiles()).as(text(mutated)).isEqualTo(before);
        }
      }
    }
    // the first root, on a client without a cache
    Bytes root = repo.served.get("root.json");
    for (int i = 0; i < 40; i++) {
      Bytes mutated = mutate(root, random);
      server.override(repo.gun, "root.json", new Response.Ok(mutated));
      try (var remote = HttpRemoteStore.builder(server.uri()).caFile(caFile).build();
           var cold = TrustClient.builder(dir.resolve("cold" + i), remote).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
        cold.update(repo.gun);
      } catch (TrustException e) {
        assertThat(dir.resolve("cold" + i)).as(text(mutated)).doesNotExist();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void refusesSignedPartThatIsNotCanonical() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish(RELEASES);
    server.serve(repo);
    // the signatures stay valid: the verifier re-canonicalizes what it parsed
    String ts = text(repo.file(RoleName.TIMESTAMP).orElseThrow());
    String canonical = text(repo.files.get(RoleName.TIMESTAMP).canonical());
    String reordered = "{\"version\":2," + canonical.substring(1).replace(",\"version\":2}", "}");
    for (String variant : List.of(
        ts.replace("{\"signed\":{", "{\"signed\":{ "),
        ts.replace(canonical, reordered),
        ts.replace("\"Timestamp\"", "\"\\u0054imestamp\""),
        ts.replace("{\"signed\":", "{ \"signed\" : "))) {
      server.override(repo.gun, "timestamp.json", new Response.Ok(utf8(variant)));
      assertThat(refused(repo, before)).as(variant).hasMessage("timestamp: metadata is not in the canonical form notary writes")
          .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.NOT_CANONICAL));
    }
    // a delegation's file, listed with its exact bytes by the snapshot
    Bytes spaced = utf8(text(repo.file(RELEASES).orElseThrow()).replace("{\"signed\":{", "{\"signed\":{\n"));
    repo.files.put(RELEASES, TufCodec.decodeTargets(RELEASES, spaced));
    repo.signSnapshot();
    repo.signTimestamp();
    repo.serveFiles();
    server.serve(repo);
    assertThat(refused(repo, before).failure()).isEqualTo(new TrustFailure.Invalid(RELEASES, TufException.Kind.NOT_CANONICAL));
  }

  @Test
  void refusesHttpTricks() throws IOException {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish();
    server.serve(repo);
    // a redirect to another host is not followed
    String snap = hashedName(repo, RoleName.SNAPSHOT);
    String elsewhere = "https://localhost:" + server.uri().getPort() + "/v2/" + repo.gun.value() + "/_trust/tuf/elsewhere.json";
    server.override(repo.gun, snap, new Response.Redirect(elsewhere));
    assertThat(refused(repo, before)).hasMessage("unable to reach trust server at this time: 302.");
    assertThat(server.requestedFiles()).doesNotContain("elsewhere.json");
    // a gzip bomb: 100 MiB of spaces in 100 KiB, sent with Content-Encoding gzip, is not inflated
    var zipped = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(zipped)) {
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 100; i++) {
        gz.write(spaces);
      }
    }
    server.serve(repo);
    server.override(repo.gun, "timestamp.json", new Response.Raw(
        Map.of("Content-Encoding", "gzip", "Content-Type", "application/json"), Bytes.wrap(zipped.toByteArray())));
    assertThat(refused(repo, before)).hasMessageStartingWith("timestamp: not valid JSON")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.MALFORMED));
    // an auth challenge whose token realm is no HTTP URL, or no URL at all
    for (String realm : List.of("file:///etc/passwd", "ftp://127.0.0.1/token", "http://[::1", "no url at all")) {
      server.override(repo.gun, "timestamp.json", new Response.Challenge("Bearer realm=\"" + realm + "\",service=\"x\""));
      assertThat(refused(repo, before)).as(realm).hasMessage("you are not authorized to perform this operation: server returned 401.");
    }
    // an HTML page with status 200
    server.override(repo.gun, "timestamp.json", new Response.Raw(Map.of("Content-Type", "text/html"),
        utf8("<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>")));
    assertThat(refused(repo, before)).hasMessageStartingWith("timestamp: not valid JSON");
  }

  // ---- second pass: TUF 1.0 attack list, notary's client_update_test and swizzler cases --------

  @Test
  void recoversFromAFastForwardOnceTheTimestampKeyIsRotated() {
    TestRepo repo = repo();
    warm(repo);
    // a holder of the (server-managed) timestamp and snapshot keys pushes both versions near the top
    repo.versions.put(RoleName.TIMESTAMP, 999_999);
    repo.versions.put(RoleName.SNAPSHOT, 999_999);
    repo.publish();
    server.serve(repo);
    Map<String, Bytes> before = warm(repo);
    // until the keys change, lower versions stay refused
    repo.versions.put(RoleName.TIMESTAMP, 2);
    repo.versions.put(RoleName.SNAPSHOT, 2);
    repo.publish();
    server.serve(repo);
    assertThat(refused(repo, before).failure()).isEqualTo(new TrustFailure.Rollback(RoleName.TIMESTAMP, 1_000_000, 3));

    // the owner rotates the timestamp key in root version 2 and starts the versions again: TUF 1.0
    // 5.3.11 forgets the trusted timestamp and snapshot when either key changes
    repo.versions.put(RoleName.TIMESTAMP, 0);
    repo.versions.put(RoleName.SNAPSHOT, 0);
    TestRepo.TestKey oldTimestampKey = repo.timestampKey;
    repo.rotateRoot(true);
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.root().signed().version()).isEqualTo(2);
      assertThat(r.timestamp().signed().version()).isEqualTo(1);
      assertThat(r.snapshot().signed().version()).isEqualTo(1);
    }

    // afterwards the old key's timestamp is refused whatever its version
    before = cacheFiles();
    Bytes ts = TufCodec.encode(new dev.hallmark.tuf.Timestamp(2_000_000, repo.files.get(RoleName.TIMESTAMP).signed().expires(),
        ((dev.hallmark.tuf.Timestamp) repo.files.get(RoleName.TIMESTAMP).signed()).snapshot()),
        List.of(oldTimestampKey.sign(TufCodec.canonical(new dev.hallmark.tuf.Timestamp(2_000_000,
            repo.files.get(RoleName.TIMESTAMP).signed().expires(),
            ((dev.hallmark.tuf.Timestamp) repo.files.get(RoleName.TIMESTAMP).signed()).snapshot())))));
    server.override(repo.gun, "timestamp.json", new Response.Ok(ts));
    assertThat(refused(repo, before)).hasMessage("valid signatures did not meet threshold for timestamp")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.THRESHOLD));
  }

  @Test
  void recoversFromASnapshotFastForwardOnceTheSnapshotKeyIsRotated() {
    TestRepo repo = repo();
    warm(repo);
    repo.versions.put(RoleName.SNAPSHOT, 999_999);
    repo.publish();
    server.serve(repo);
    warm(repo);
    repo.versions.put(RoleName.SNAPSHOT, 0);
    repo.snapshotKey = TestRepo.TestKey.plain();
    repo.rotateRoot(false);
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      TrustedRepository r = c.update(repo.gun);
      assertThat(r.snapshot().signed().version()).isEqualTo(1);
      assertThat(r.lookup("rel/1.0").role()).isEqualTo(RELEASES);
    }
  }

  @Test
  void refusesARootSignedOnlyByTheRootKeyARotationRemoved() {
    TestRepo repo = repo();
    TestRepo.TestKey removed = repo.rootKey;
    repo.rotateRoot(false);
    repo.publish();
    server.serve(repo);
    Map<String, Bytes> before = warm(repo);
    // version 3 puts the removed key back as the only root key and is signed by it alone
    repo.rootKey = removed;
    repo.timestampKey = TestRepo.TestKey.plain();
    repo.signRoot(List.of(removed));
    repo.publish();
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage(RootChecks.ROTATE + " (root version 3 is not signed by version 2)")
        .extracting(TrustException::failure).isInstanceOf(TrustFailure.UntrustedRoot.class);
  }

  @Test
  void followsARotationThroughExpiredIntermediateRoots() {
    TestRepo repo = repo();
    warm(repo);
    Instant past = NOW.minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    repo.expires.put(RoleName.ROOT, past);
    repo.rotateRoot(false);
    repo.rotateRoot(false);
    repo.expires.remove(RoleName.ROOT);
    repo.rotateRoot(true);
    repo.publish();
    server.serve(repo);
    try (TrustClient c = client()) {
      assertThat(c.update(repo.gun).root().signed().version()).isEqualTo(4);
    }
  }

  @Test
  void refusesATimestampBelowTheThresholdANewRootRaised() {
    TestRepo repo = repo();
    warm(repo);
    TestRepo.TestKey second = TestRepo.TestKey.plain();
    repo.extraRootKeys.put(second.id(), second.publicKey());
    repo.rootRoles.put(RoleName.TIMESTAMP, new RoleKeys(List.of(repo.timestampKey.id(), second.id()), 2));
    repo.cosigners.put(RoleName.TIMESTAMP, List.of(second));
    repo.rotateRoot(false);
    repo.publish();
    server.serve(repo);
    Map<String, Bytes> before = warm(repo);
    repo.cosigners.remove(RoleName.TIMESTAMP);
    repo.publish();
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage("valid signatures did not meet threshold for timestamp")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.THRESHOLD));
  }

  @Test
  void refusesSignaturesUnderAKeyIdOfAnotherCaseOrLength() {
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish();
    server.serve(repo);
    Signed<?> ts = repo.files.get(RoleName.TIMESTAMP);
    Signature sig = ts.signatures().getFirst();
    for (String id : List.of(sig.keyId().value().toUpperCase(java.util.Locale.ROOT), sig.keyId().value() + "00",
        sig.keyId().value().substring(0, 32))) {
      Bytes forged = TufCodec.encode(ts.signed(), List.of(new Signature(new dev.hallmark.tuf.KeyId(id), sig.method(), sig.value())));
      server.override(repo.gun, "timestamp.json", new Response.Ok(forged));
      assertThat(refused(repo, before)).as(id).hasMessage("valid signatures did not meet threshold for timestamp");
    }
  }

  /** Serves {@code raw} as a role's file, with a snapshot and timestamp that list it. */
  private static void serveRaw(TestRepo repo, RoleName role, Bytes raw) {
    Signed<?> old = repo.files.get(role);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Signed<?> hostile = new Signed(old.signed(), List.of(), raw, old.canonical());
    repo.files.put(role, (Signed) hostile);
    if (!role.equals(RoleName.SNAPSHOT)) {
      repo.signSnapshot();
    }
    repo.signTimestamp();
    repo.serveFiles();
    server.serve(repo);
  }

  @Test
  void refusesValidlySignedFilesOfAnImpossibleShape() {
    RoleName child = RoleName.of("targets/releases/x");
    java.util.function.Function<TestRepo, String> releases = r -> text(r.files.get(RELEASES).canonical());
    Map<String, java.util.function.BiFunction<TestRepo, String, String>> edits = new java.util.LinkedHashMap<>();
    // a delegation back to an ancestor, to itself, to a sibling, and one listed twice
    Map<String, String> expected = Map.of("ancestor", "delegation role targets invalid",
        "itself", "delegation role targets/releases invalid", "sibling", "delegation role targets/other invalid",
        "twice", "delegation targets/releases/x listed twice");
    edits.put("ancestor", (r, t) -> t.replace("\"name\":\"targets/releases/x\"", "\"name\":\"targets\""));
    edits.put("itself", (r, t) -> t.replace("\"name\":\"targets/releases/x\"", "\"name\":\"targets/releases\""));
    edits.put("sibling", (r, t) -> t.replace("\"name\":\"targets/releases/x\"", "\"name\":\"targets/other\""));
    edits.put("twice", (r, t) -> {
      var m = java.util.regex.Pattern.compile("\"roles\":\\[(\\{.*?\"threshold\":\\d+\\})\\]").matcher(t);
      assertThat(m.find()).isTrue();
      return t.replace(m.group(), "\"roles\":[" + m.group(1) + "," + m.group(1) + "]");
    });
    for (var e : edits.entrySet()) {
      TestRepo repo = repo();
      repo.delegate(RELEASES, child.value(), List.of("rel/x/"), TestRepo.TestKey.plain());
      repo.publish(RELEASES);
      server.serve(repo);
      Map<String, Bytes> before = warm(repo);
      repo.publish(RELEASES);
      serveRaw(repo, RELEASES, signRaw(e.getValue().apply(repo, releases.apply(repo)), repo.signers.get(RELEASES)));
      assertThat(refused(repo, before)).as(e.getKey()).hasMessage("targets/releases type metadata invalid: " + expected.get(e.getKey()))
          .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RELEASES, TufException.Kind.INVALID_METADATA));
    }
    // a snapshot that lists the timestamp or itself; a timestamp.json that is a snapshot
    for (RoleName listed : List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT)) {
      TestRepo repo = repo();
      Map<String, Bytes> before = warm(repo);
      repo.publish();
      var snap = (dev.hallmark.tuf.Snapshot) repo.files.get(RoleName.SNAPSHOT).signed();
      Map<RoleName, FileMeta> meta = new java.util.HashMap<>(snap.meta());
      meta.put(listed, FileMeta.of(repo.file(RoleName.TIMESTAMP).orElseThrow()));
      serveRaw(repo, RoleName.SNAPSHOT, TestRepo.sign(new dev.hallmark.tuf.Snapshot(snap.version(), snap.expires(), meta),
          List.of(repo.snapshotKey)).bytes());
      assertThat(refused(repo, before)).hasMessage("snapshot type metadata invalid: snapshot cannot list " + listed)
          .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.SNAPSHOT, TufException.Kind.INVALID_METADATA));
    }
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    repo.publish();
    server.serve(repo);
    // a file in canonical form whose signature is over another spelling of the same content
    String canonical = text(repo.files.get(RoleName.TIMESTAMP).canonical());
    Bytes spelledOtherwise = signRaw(canonical.replace("{\"_type\"", "{ \"_type\""), repo.timestampKey);
    Bytes overCanonical = signRaw(canonical, repo.timestampKey);
    String sig = "\"signatures\":";
    Bytes mismatched = utf8(text(overCanonical).substring(0, text(overCanonical).indexOf(sig))
        + text(spelledOtherwise).substring(text(spelledOtherwise).indexOf(sig)));
    server.override(repo.gun, "timestamp.json", new Response.Ok(mismatched));
    assertThat(refused(repo, before)).hasMessage("valid signatures did not meet threshold for timestamp");
    server.override(repo.gun, "timestamp.json", new Response.Ok(TestRepo.sign(repo.files.get(RoleName.SNAPSHOT).signed(),
        List.of(repo.timestampKey)).bytes()));
    assertThat(refused(repo, before)).hasMessage("timestamp type metadata invalid: expected type Timestamp, not Snapshot")
        .extracting(TrustException::failure).isEqualTo(new TrustFailure.Invalid(RoleName.TIMESTAMP, TufException.Kind.INVALID_METADATA));
  }

  /** A client with a key store in its trust directory, as docker push uses. */
  private TrustClient writingClient() throws IOException {
    var remote = HttpRemoteStore.builder(server.uri()).caFile(caFile).timeout(Duration.ofSeconds(10)).build();
    return TrustClient.builder(dir.resolve("trust"), remote).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .keys(dev.hallmark.keys.TrustDirKeyStore.open(dir.resolve("trust"),
            dev.hallmark.keys.PassphraseRetriever.constant(dev.hallmark.keys.Passphrase.of("passphrase"))))
        .build();
  }

  @Test
  void doesNotInitializeTheCollectionAgainWhenTheServerHidesOneOfItsFiles() throws IOException {
    // a server that still has root.json but answers 404 for a role's file (a missing timestamp.json
    // falls back on the cached timestamp, as notary's, see usesCachedTimestamp...): notary
    // reports the missing file (ErrMetaNotFound), and docker initializes a collection only when the
    // server has no root (ErrRepositoryNotExist), not over the trusted root it has cached
    TestRepo repo = repo();
    Map<String, Bytes> before = warm(repo);
    for (RoleName role : List.of(RoleName.SNAPSHOT, RELEASES)) {
      repo.publish(RELEASES);
      server.serve(repo);
      String hidden = hashedName(repo, role);
      server.override(repo.gun, hidden, new Response.Status(404));
      String resource = hidden.substring(0, hidden.length() - ".json".length());
      try (TrustClient c = writingClient()) {
        assertThatThrownBy(() -> new ContentTrust(c).sign(repo.gun, "latest", utf8("{}"))).as(hidden)
            .hasMessage(resource + " trust data unavailable.  Has a notary repository been initialized?")
            .extracting(e -> ((TrustException) e).failure()).isEqualTo(new TrustFailure.NotFound(resource));
        assertThatThrownBy(() -> new ContentTrust(c).resolve(repo.gun, "v1")).as(hidden)
            .hasMessage(resource + " trust data unavailable.  Has a notary repository been initialized?");
      }
      assertThat(cacheFiles()).as(hidden).isEqualTo(before);
    }
    // a server that lost the collection after a new timestamp (a missing timestamp.json alone leaves
    // the cached one in use): as notary, "does not have trust data", which docker initializes on
    repo.publish();
    server.serve(repo);
    server.override(repo.gun, "root.json", new Response.Status(404));
    server.override(repo.gun, hashedName(repo, RoleName.SNAPSHOT), new Response.Status(404));
    try (TrustClient c = client()) {
      assertThatThrownBy(() -> c.update(repo.gun))
          .hasMessage(server.uri().getHost() + ":" + server.uri().getPort() + " does not have trust data for " + repo.gun.value())
          .extracting(e -> ((TrustException) e).failure()).isEqualTo(new TrustFailure.NotFound("root"));
      assertThatThrownBy(() -> new ContentTrust(c).resolve(repo.gun, "v1"))
          .hasMessage("No trust data for v1: remote trust data does not exist for " + repo.gun.value());
    }
    assertThat(cacheFiles()).isEqualTo(before);
  }

  @Test
  void refusesARootBelowTheRootThresholdTheTrustedRootRaised() {
    // root version 2 wants two of its two root keys; version 3 carries one of them (and its own)
    TestRepo repo = repo();
    TestRepo.TestKey old = repo.rootKey;
    TestRepo.TestKey second = TestRepo.TestKey.rootCert(repo.gun, NOW);
    repo.rootKey = TestRepo.TestKey.rootCert(repo.gun, NOW);
    repo.extraRootKeys.put(second.id(), second.publicKey());
    repo.rootRoles.put(RoleName.ROOT, new RoleKeys(List.of(repo.rootKey.id(), second.id()), 2));
    repo.signRoot(List.of(old, repo.rootKey, second));
    repo.publish();
    server.serve(repo);
    Map<String, Bytes> before = warm(repo);
    TestRepo.TestKey kept = repo.rootKey;
    repo.rootKey = TestRepo.TestKey.rootCert(repo.gun, NOW);
    repo.extraRootKeys.clear();
    repo.rootRoles.clear();
    repo.signRoot(List.of(kept, repo.rootKey));
    repo.publish();
    server.serve(repo);
    assertThat(refused(repo, before)).hasMessage(RootChecks.ROTATE + " (root version 3 is not signed by version 2)")
        .extracting(TrustException::failure).isInstanceOf(TrustFailure.UntrustedRoot.class);
  }
}
