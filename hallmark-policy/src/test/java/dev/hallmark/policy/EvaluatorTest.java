package dev.hallmark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.client.RemoteStore;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.TrustException;
import dev.hallmark.client.TrustFailure;
import dev.hallmark.oci.Digest;
import dev.hallmark.testkit.TestRepo;
import dev.hallmark.testkit.TestRepo.Key;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.Delegations;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator's semantics over real, signed trust data verified by the client's update workflow:
 * repository key only, unknown keys, {@code targets/releases} never counting for a team, AND across
 * teams, membership evaluated now, delegation paths, and every way the trust data can fail.
 */
class EvaluatorTest {
  private static final String HOST = "registry.example";
  private static final Gun GUN = new Gun(HOST + "/dev/nginx");
  private static final TeamName ADMIN = TeamName.parse("dev/admin");
  private static final TeamName QA = TeamName.parse("dev/qa");
  private static final RoleName RELEASES = RoleName.delegation("targets/releases");
  private static final RoleName ADMIN_ROLE = RoleName.delegation("targets/admin");
  private static final RoleName QA_ROLE = RoleName.delegation("targets/qa");

  @TempDir
  Path trustDir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  private final Key timestampKey = Key.plain();
  private final TestRepo repo = new TestRepo(GUN, clock, timestampKey.listed());
  /** alice's bundle key is listed as a certificate, bob's as a bare key: both are identified by canonical ID. */
  private final Key alice = Key.rootCertificate(GUN, clock);
  private final Key bob = Key.plain();
  private final Key stranger = Key.plain();
  private final Map<String, Bytes> served = new HashMap<>();
  private final Map<KeyId, Signer> people = new HashMap<>();
  private boolean unavailable;
  private int clients;

  private final Bytes manifest1 = Bytes.wrap("manifest of nginx:1".getBytes(StandardCharsets.UTF_8));
  private final Bytes manifest2 = Bytes.wrap("manifest of nginx:2".getBytes(StandardCharsets.UTF_8));
  private final Digest digest1 = new Digest(Digest.Algorithm.SHA256, manifest1.sha256().hex());
  private final Digest digest2 = new Digest(Digest.Algorithm.SHA256, manifest2.sha256().hex());

  @BeforeEach
  void people() {
    people.put(alice.listed().canonicalId(), new Signer("alice", "serial 1", List.of(ADMIN)));
    people.put(bob.listed().canonicalId(), new Signer("bob", "serial 2", List.of(QA)));
  }

  /** The trust data: which role lists which tag → manifest, each delegation signed by its key. */
  private void publish(Map<RoleName, Map<String, Bytes>> content, Map<RoleName, List<String>> paths,
      Map<RoleName, Key> unordered) {
    // delegated in a fixed order, releases first, as hallmark delegate does
    Map<RoleName, Key> delegationKeys = new java.util.TreeMap<>(
        java.util.Comparator.comparing((RoleName r) -> r.equals(RELEASES) ? "" : r.value()));
    delegationKeys.putAll(unordered);
    Map<KeyId, PublicKey> keys = new LinkedHashMap<>();
    List<DelegatedRole> roles = new ArrayList<>();
    delegationKeys.forEach((role, key) -> {
      keys.put(key.id(), key.listed());
      roles.add(new DelegatedRole(role, List.of(key.id()), 1, paths.getOrDefault(role, List.of(""))));
    });
    Map<RoleName, Signed<?>> files = new LinkedHashMap<>();
    files.put(RoleName.TARGETS, repo.targets(RoleName.TARGETS, 1, new Delegations(keys, roles),
        entries(content.getOrDefault(RoleName.TARGETS, Map.of())), repo.targets));
    delegationKeys.forEach((role, key) -> files.put(role,
        repo.targets(role, 1, Delegations.NONE, entries(content.getOrDefault(role, Map.of())), key)));
    var root = repo.root(1);
    files.put(RoleName.ROOT, root);
    var snapshot = repo.snapshot(1, files);
    var timestamp = TestRepo.sign(new Timestamp(1, repo.expires(), FileMeta.of(snapshot.bytes())), timestampKey);
    served.clear();
    served.put("root.json", root.bytes());
    served.put("timestamp.json", timestamp.bytes());
    served.put("snapshot." + snapshot.bytes().sha256().hex() + ".json", snapshot.bytes());
    files.forEach((role, f) -> served.put(role.value() + "." + f.bytes().sha256().hex() + ".json", f.bytes()));
  }

  private static Map<String, FileMeta> entries(Map<String, Bytes> tags) {
    Map<String, FileMeta> out = new LinkedHashMap<>();
    tags.forEach((tag, manifest) -> out.put(tag, new FileMeta(manifest.length(),
        Map.of(FileMeta.SHA256, manifest.sha256()), Optional.empty())));
    return out;
  }

  private Evaluator evaluator(Policy policy) {
    RemoteStore remote = new RemoteStore() {
      @Override
      public Bytes fetch(Gun gun, String fileName, long maxBytes) {
        if (unavailable) {
          throw new TrustException(new TrustFailure.Unavailable(503), "unable to reach trust server at this time: 503.");
        }
        Bytes b = gun.equals(GUN) ? served.get(fileName) : null;
        if (b == null) {
          throw new TrustException(new TrustFailure.NotFound(fileName), fileName + " not found");
        }
        return b;
      }

      @Override
      public String address() {
        return "test store";
      }
    };
    // a fresh trust directory per evaluator: each test republishes version 1 with other content
    TrustClient client = TrustClient.builder(trustDir.resolve("t" + (++clients)), remote).clock(clock)
        .skipInvalidDelegations(true).build();
    Directory directory = key -> Optional.ofNullable(people.get(key));
    return new Evaluator(PolicySource.fixed(policy), new TrustClientSource(client, "test store", clock), directory,
        RegistryNames.of(List.of(HOST)), clock);
  }

  private static final Policy ANY_KNOWN = Policy.requireSignatures(List.of());
  private static final Policy NEEDS_ADMIN = Policy.requireSignatures(List.of(ADMIN));

  @Test
  void signedOnlyWithTheRepositoryKeyIsDenied() {
    publish(Map.of(RoleName.TARGETS, Map.of("1", manifest1)), Map.of(), Map.of());
    Decision d = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(d.reason()).isEqualTo(Reason.NO_KNOWN_SIGNER);
    assertThat(d.allowed()).isFalse();
    assertThat(d.digest()).contains(digest1);
    assertThat(d.message()).startsWith("denied: registry.example/dev/nginx:1 (" + digest1 + ") has no signature by a"
        + " delegation key of a known user; signed by the repository's targets key in targets");
    assertThat(d.trustData()).contains("timestamp v1", "snapshot v1", "targets v1", "test store");
  }

  @Test
  void anyKnownUserIsEnoughWithoutTeams() {
    publish(Map.of(RELEASES, Map.of("1", manifest1)), Map.of(), Map.of(RELEASES, alice));
    Decision d = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(d.reason()).isEqualTo(Reason.SIGNED);
    assertThat(d.message()).isEqualTo("allowed: registry.example/dev/nginx:1 (" + digest1
        + ") signed by alice (teams: dev/admin) in targets/releases (global policy: content trust required (any known signer))");
  }

  @Test
  void aTeamNeedsASignatureByAMemberOutsideReleases() {
    publish(Map.of(RELEASES, Map.of("1", manifest1), QA_ROLE, Map.of("1", manifest1)), Map.of(),
        Map.of(RELEASES, alice, QA_ROLE, bob));
    Decision d = evaluator(NEEDS_ADMIN).check(HOST + "/dev/nginx:1");
    assertThat(d.reason()).isEqualTo(Reason.MISSING_TEAM);
    assertThat(d.message()).startsWith("denied: registry.example/dev/nginx:1 (" + digest1
        + ") has no signature from a member of team dev/admin; signed by alice (teams: dev/admin) in targets/releases;"
        + " by bob (teams: dev/qa) in targets/qa");
  }

  @Test
  void signedByAliceInHerTeamsRoleIsAllowedUntilSheLeavesTheTeam() {
    publish(Map.of(RELEASES, Map.of("1", manifest1), ADMIN_ROLE, Map.of("1", manifest1)), Map.of(),
        Map.of(RELEASES, alice, ADMIN_ROLE, alice));
    assertThat(evaluator(NEEDS_ADMIN).check(HOST + "/dev/nginx:1").reason()).isEqualTo(Reason.SIGNED);
    people.put(alice.listed().canonicalId(), new Signer("alice", "serial 1", List.of()));
    Decision d = evaluator(NEEDS_ADMIN).check(HOST + "/dev/nginx:1");
    assertThat(d.reason()).isEqualTo(Reason.MISSING_TEAM);
    assertThat(d.message()).contains("signed by alice (no teams) in targets/releases and targets/admin");
  }

  @Test
  void everyListedTeamIsRequired() {
    publish(Map.of(ADMIN_ROLE, Map.of("1", manifest1), QA_ROLE, Map.of("1", manifest2)), Map.of(),
        Map.of(ADMIN_ROLE, alice, QA_ROLE, bob));
    Policy both = Policy.requireSignatures(List.of(QA, ADMIN));
    Decision d = evaluator(both).check(HOST + "/dev/nginx@" + digest1);
    assertThat(d.reason()).isEqualTo(Reason.MISSING_TEAM);
    assertThat(d.message()).contains("has no signature from a member of team dev/qa;");
    publish(Map.of(ADMIN_ROLE, Map.of("1", manifest1), QA_ROLE, Map.of("one", manifest1)), Map.of(),
        Map.of(ADMIN_ROLE, alice, QA_ROLE, bob));
    // the same digest under another name still counts: what is signed is the digest
    assertThat(evaluator(both).check(HOST + "/dev/nginx@" + digest1).reason()).isEqualTo(Reason.SIGNED);
  }

  @Test
  void unknownKeysAndRevokedCertificatesDoNotCount() {
    publish(Map.of(ADMIN_ROLE, Map.of("1", manifest1)), Map.of(), Map.of(ADMIN_ROLE, stranger));
    Decision d = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(d.reason()).isEqualTo(Reason.NO_KNOWN_SIGNER);
    assertThat(d.message()).contains("key " + stranger.listed().canonicalId().value().substring(0, 12)
        + "… (no known user) in targets/admin");
  }

  @Test
  void aDelegationCountsOnlyWithinItsPaths() {
    publish(Map.of(ADMIN_ROLE, Map.of("1", manifest1)), Map.of(ADMIN_ROLE, List.of("other/")),
        Map.of(ADMIN_ROLE, alice));
    Decision d = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx@" + digest1);
    assertThat(d.reason()).isEqualTo(Reason.NOT_SIGNED);
  }

  @Test
  void tagsResolveAsDockerDoesAndUnsignedTagsAreDenied() {
    publish(Map.of(RELEASES, Map.of("1", manifest1), RoleName.TARGETS, Map.of("1", manifest2)), Map.of(),
        Map.of(RELEASES, alice));
    Decision d = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(d.digest()).contains(digest1);
    Decision unsigned = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:2");
    assertThat(unsigned.reason()).isEqualTo(Reason.NOT_SIGNED);
    assertThat(unsigned.message()).contains("no trust data for tag 2");
    Decision other = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx@sha256:" + "0".repeat(64));
    assertThat(other.reason()).isEqualTo(Reason.NOT_SIGNED);
  }

  @Test
  void missingOrUnreadableOrTamperedTrustDataDenies() {
    Decision none = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(none.reason()).isEqualTo(Reason.NO_TRUST_DATA);
    assertThat(none.message()).contains("registry.example/dev/nginx has no trust data");

    publish(Map.of(RELEASES, Map.of("1", manifest1)), Map.of(), Map.of(RELEASES, alice));
    unavailable = true;
    Decision down = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(down.reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(down.message()).contains("failing closed");
    unavailable = false;

    // a timestamp signed by the wrong key
    var ts = TestRepo.sign(new Timestamp(2, repo.expires(), FileMeta.of(served.entrySet().stream()
        .filter(e -> e.getKey().startsWith("snapshot.")).findFirst().orElseThrow().getValue())), stranger);
    served.put("timestamp.json", ts.bytes());
    Decision tampered = evaluator(ANY_KNOWN).check(HOST + "/dev/nginx:1");
    assertThat(tampered.reason()).isEqualTo(Reason.UNTRUSTED);
    assertThat(tampered.message()).contains("failed verification");
  }

  @Test
  void anUnreadablePolicyDenies() {
    var broken = new Evaluator(repository -> {
      throw new IllegalStateException("policy store unavailable");
    }, gun -> {
      throw new AssertionError("no trust data is read without a policy");
    }, key -> Optional.empty(), RegistryNames.of(List.of(HOST)), clock);
    Decision d = broken.check(HOST + "/dev/nginx:1");
    assertThat(d.reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(d.message()).contains("the signing policy could not be read (policy store unavailable); failing closed");
  }

  @Test
  void foreignImagesAndUnrequiredPolicies() {
    assertThat(evaluator(ANY_KNOWN).check("docker.io/library/nginx:1").reason()).isEqualTo(Reason.FOREIGN_REGISTRY);
    assertThat(evaluator(ANY_KNOWN).check("nginx").message()).contains("docker.io is not one of registry.example");
    assertThat(evaluator(Policy.NONE).check("docker.io/library/nginx:1").reason()).isEqualTo(Reason.NOT_REQUIRED);
    assertThat(evaluator(Policy.NONE).check(HOST + "/dev/nginx:1").allowed()).isTrue();
    assertThat(evaluator(ANY_KNOWN).check("Not A Reference!").reason()).isEqualTo(Reason.INVALID_REFERENCE);
    assertThat(evaluator(ANY_KNOWN).check(HOST + ":5000/dev/nginx:1").reason())
        .as("a name without a port matches the host on any port").isEqualTo(Reason.NO_TRUST_DATA);
  }

  @Test
  void theCacheKeepsDataForItsWindowAndForgetsOnInvalidate() {
    publish(Map.of(RELEASES, Map.of("1", manifest1)), Map.of(), Map.of(RELEASES, alice));
    var now = new java.util.concurrent.atomic.AtomicReference<>(clock.instant());
    Clock moving = new Clock() {
      public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      public Clock withZone(java.time.ZoneId z) { return this; }
      public Instant instant() { return now.get(); }
    };
    int[] reads = {0};
    TrustSource counting = gun -> {
      reads[0]++;
      return new TrustClientSource(TrustClient.builder(trustDir, new RemoteStore() {
        public Bytes fetch(Gun g, String f, long max) {
          Bytes b = served.get(f);
          if (b == null) {
            throw new TrustException(new TrustFailure.NotFound(f), f);
          }
          return b;
        }
        public String address() { return "test"; }
      }).clock(clock).build(), "test", moving).trust(gun);
    };
    var cache = new CachingTrustSource(counting, Duration.ofSeconds(10), moving);
    cache.trust(GUN);
    cache.trust(GUN);
    assertThat(reads[0]).isEqualTo(1);
    now.set(now.get().plusSeconds(11));
    cache.trust(GUN);
    assertThat(reads[0]).isEqualTo(2);
    cache.invalidate(GUN);
    TrustData d = cache.trust(GUN);
    assertThat(reads[0]).isEqualTo(3);
    assertThat(d.describe(now.get().plusMillis(1500))).endsWith("read 1.5 s ago");
  }

  @Test
  void policiesAreConsistent() {
    assertThat(Policy.requireSignatures(List.of(QA, ADMIN, QA)).requireSignatureFrom()).containsExactly(ADMIN, QA);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Policy(false, List.of(ADMIN)))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TeamName.parse("admin"))
        .hasMessageContaining("expected ORG/TEAM");
    assertThat(new ScopedPolicy("dev", ANY_KNOWN).covers("dev/nginx")).isTrue();
    assertThat(new ScopedPolicy("dev", ANY_KNOWN).covers("devops/nginx")).isFalse();
    assertThat(Set.of(RegistryNames.of(List.of("a.example:5000")).matches("a.example:5000"),
        RegistryNames.of(List.of("a.example:5000")).matches("a.example:5001"))).containsExactlyInAnyOrder(true, false);
  }
}
