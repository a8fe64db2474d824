package dev.hallmark.policy;

import dev.hallmark.client.ContentTrust;
import dev.hallmark.client.Target;
import dev.hallmark.client.TrustException;
import dev.hallmark.client.TrustFailure;
import dev.hallmark.client.TrustedRepository;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Reference;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Targets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one evaluator behind every enforcement point: UCP's "run only signed images" over verified
 * trust data.
 *
 * <ol>
 *   <li>The policy of the image's repository (most specific scope, else the global default); images
 *       outside this registry get the global default and cannot satisfy content trust.
 *   <li>The verified trust data of {@code <host>/<repository>} from the {@link TrustSource}; a tag is
 *       resolved to its signed digest as docker does ({@code targets/releases}, then {@code targets}).
 *   <li>Who signed the digest: every trusted delegation role whose metadata lists a target with that
 *       sha256 (within its paths), and the keys whose signatures on that metadata verified. The
 *       {@code targets} role's own key is the repository's, not a person's.
 *   <li>Identity now: key (canonical ID) to certificate to user to teams, from the {@link Directory}.
 *   <li>No teams required: a known user's signature is enough. Teams required: each needs a signature
 *       by a current member in a role other than {@code targets/releases} (anyone in releases could
 *       have re-signed).
 * </ol>
 *
 * <p>Anything that cannot be read or verified denies, with the reason.
 */
public final class Evaluator implements ImagePolicy {
  private final PolicySource policies;
  private final TrustSource trust;
  private final Directory directory;
  private final RegistryNames registry;
  private final Clock clock;

  public Evaluator(PolicySource policies, TrustSource trust, Directory directory, RegistryNames registry, Clock clock) {
    this.policies = Objects.requireNonNull(policies);
    this.trust = Objects.requireNonNull(trust);
    this.directory = Objects.requireNonNull(directory);
    this.registry = Objects.requireNonNull(registry);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Decision check(String image) {
    Reference ref;
    try {
      ref = Reference.parse(image);
    } catch (IllegalArgumentException e) {
      return new Decision(image, Optional.empty(), Reason.INVALID_REFERENCE,
          "denied: " + image + " is not a valid image reference: " + e.getMessage(), "");
    }
    String host = ref.registry().orElse("");
    Optional<Digest> pinned = ref.digest().filter(d -> d.algorithm() == Digest.Algorithm.SHA256);
    String repository = ref.repository().name();
    ScopedPolicy scoped;
    try {
      scoped = policies.policyFor(registry.matches(host) ? repository : "");
    } catch (RuntimeException e) {
      return new Decision(image, ref.digest(), Reason.UNAVAILABLE,
          "denied: " + image + ": the signing policy could not be read (" + e.getMessage() + "); failing closed", "");
    }
    if (!registry.matches(host)) {
      ScopedPolicy global = scoped;
      if (!global.policy().requireContentTrust()) {
        return new Decision(image, ref.digest(), Reason.NOT_REQUIRED,
            "allowed: " + image + ": content trust not required (" + global.describeScope() + ")", "");
      }
      return new Decision(image, ref.digest(), Reason.FOREIGN_REGISTRY,
          "denied: " + image + " is not in this registry (" + (host.isEmpty() ? "docker.io" : host)
              + " is not one of " + registry + "), so no trust data here can sign it; the "
              + global.describeScope() + " requires content trust", "");
    }
    return check(image, host, repository, ref.tag().map(t -> t.value()), ref.digest(), pinned, scoped);
  }

  /**
   * Decides about an image by repository and digest or tag, under a given policy (the registry's
   * pull-time check and the client's {@code --require-team} use this).
   */
  public Decision check(String image, String host, String repository, Optional<String> tag,
      Optional<Digest> digest, ScopedPolicy scoped) {
    return check(image, host, repository, tag, digest,
        digest.filter(d -> d.algorithm() == Digest.Algorithm.SHA256), scoped);
  }

  private Decision check(String image, String host, String repository, Optional<String> tag,
      Optional<Digest> digest, Optional<Digest> pinned, ScopedPolicy scoped) {
    Policy policy = scoped.policy();
    if (!policy.requireContentTrust()) {
      return new Decision(image, digest, Reason.NOT_REQUIRED,
          "allowed: " + image + ": content trust not required (" + scoped.describeScope() + ")", "");
    }
    String why = " (" + scoped.describeScope() + ": " + policy.describe() + ")";
    if (digest.isPresent() && pinned.isEmpty()) {
      return new Decision(image, digest, Reason.NOT_SIGNED,
          "denied: " + image + ": trust data signs sha256 digests only, not " + digest.get().algorithm().wireName()
              + why, "");
    }
    Gun gun;
    try {
      gun = new Gun(host + "/" + repository);
    } catch (IllegalArgumentException e) {
      return new Decision(image, digest, Reason.INVALID_REFERENCE,
          "denied: " + image + " does not name a trust collection: " + e.getMessage(), "");
    }
    TrustData data;
    try {
      data = trust.trust(gun);
    } catch (TrustException e) {
      return trustFailure(image, digest, gun, e, why);
    } catch (RuntimeException e) {
      return new Decision(image, digest, Reason.UNAVAILABLE,
          "denied: " + image + ": trust data of " + gun.value() + " could not be read (" + e + "); failing closed" + why, "");
    }
    String used = data.describe(clock.instant());
    TrustedRepository repo = data.repository();
    Digest target;
    if (pinned.isPresent()) {
      target = pinned.get();
    } else {
      String name = tag.orElse("latest");
      Target t;
      try {
        t = ContentTrust.resolve(repo, name);
      } catch (TrustException e) {
        return new Decision(image, digest, Reason.NOT_SIGNED,
            "denied: " + image + ": no trust data for tag " + name + " in targets/releases or targets of "
                + gun.value() + why, used);
      }
      target = new Digest(Digest.Algorithm.SHA256, t.meta().sha256().orElseThrow().hex());
    }
    String subject = image + (pinned.isPresent() ? "" : " (" + target + ")");
    Optional<Digest> resolved = Optional.of(target);

    Evidence evidence = Evidence.collect(repo, target.hex());
    if (evidence.roles().isEmpty()) {
      return new Decision(image, resolved, Reason.NOT_SIGNED,
          "denied: " + subject + " is not signed in the trust data of " + gun.value() + why, used);
    }
    Map<KeyId, Signer> known;
    try {
      known = directory.identifyAll(evidence.delegationKeys());
    } catch (Directory.DirectoryException | IllegalStateException e) {
      return new Decision(image, resolved, Reason.UNAVAILABLE,
          "denied: " + subject + ": the user directory could not be asked (" + e.getMessage() + "); failing closed" + why,
          used);
    }
    String seen = evidence.describe(known);
    boolean anyKnown = evidence.signatures().stream().anyMatch(s -> s.delegated() && known.containsKey(s.canonical()));
    if (!anyKnown) {
      return new Decision(image, resolved, Reason.NO_KNOWN_SIGNER,
          "denied: " + subject + " has no signature by a delegation key of a known user; " + seen + why, used);
    }
    List<TeamName> missing = new ArrayList<>();
    for (TeamName team : policy.requireSignatureFrom()) {
      boolean ok = evidence.signatures().stream().anyMatch(s -> s.delegated() && !s.role().equals(ContentTrust.RELEASES)
          && known.containsKey(s.canonical()) && known.get(s.canonical()).teams().contains(team));
      if (!ok) {
        missing.add(team);
      }
    }
    if (!missing.isEmpty()) {
      return new Decision(image, resolved, Reason.MISSING_TEAM,
          "denied: " + subject + " has no signature from a member of team "
              + String.join(", nor from a member of team ", missing.stream().map(TeamName::toString).toList())
              + "; " + seen + why, used);
    }
    return new Decision(image, resolved, Reason.SIGNED, "allowed: " + subject + " " + seen + why, used);
  }

  private Decision trustFailure(String image, Optional<Digest> digest, Gun gun, TrustException e, String why) {
    TrustFailure f = e.failure();
    if (f instanceof TrustFailure.NotFound) {
      return new Decision(image, digest, Reason.NO_TRUST_DATA,
          "denied: " + image + ": " + gun.value() + " has no trust data (it was never signed)" + why, "");
    }
    if (e.isNetwork() || f instanceof TrustFailure.LocalStorage || f instanceof TrustFailure.Unauthorized) {
      return new Decision(image, digest, Reason.UNAVAILABLE,
          "denied: " + image + ": trust data of " + gun.value() + " could not be read (" + e.getMessage()
              + "); failing closed" + why, "");
    }
    return new Decision(image, digest, Reason.UNTRUSTED,
        "denied: " + image + ": trust data of " + gun.value() + " failed verification: " + e.getMessage() + why, "");
  }

  /** One verified signature over a role's metadata that lists the digest. */
  record RoleSignature(RoleName role, PublicKey key, KeyId canonical) {
    boolean delegated() {
      return role.isDelegation();
    }
  }

  /** Who signed a digest in verified trust data. */
  record Evidence(List<RoleName> roles, List<RoleSignature> signatures) {
    static Evidence collect(TrustedRepository repo, String sha256Hex) {
      List<RoleName> roles = new ArrayList<>();
      List<RoleSignature> sigs = new ArrayList<>();
      for (RoleName role : repo.roles()) {
        Optional<Signed<Targets>> file = repo.targets(role);
        if (file.isEmpty() || !lists(repo, role, file.get().signed(), sha256Hex)) {
          continue;
        }
        roles.add(role);
        for (PublicKey key : repo.signers(role)) {
          sigs.add(new RoleSignature(role, key, key.canonicalId()));
        }
      }
      return new Evidence(List.copyOf(roles), List.copyOf(sigs));
    }

    private static boolean lists(TrustedRepository repo, RoleName role, Targets targets, String sha256Hex) {
      for (Map.Entry<String, FileMeta> e : targets.targets().entrySet()) {
        Optional<dev.hallmark.tuf.Bytes> h = e.getValue().sha256();
        if (h.isPresent() && h.get().hex().equals(sha256Hex) && repo.mayList(role, e.getKey())) {
          return true;
        }
      }
      return false;
    }

    Set<KeyId> delegationKeys() {
      Set<KeyId> out = new LinkedHashSet<>();
      for (RoleSignature s : signatures) {
        if (s.delegated()) {
          out.add(s.canonical());
        }
      }
      return out;
    }

    /**
     * e.g. {@code signed by alice (teams: dev/qa) in targets/qa and targets/releases; by the repository
     * key in targets}.
     */
    String describe(Map<KeyId, Signer> known) {
      Map<String, Set<String>> byWho = new LinkedHashMap<>();
      for (RoleSignature s : signatures) {
        String who;
        if (!s.delegated()) {
          who = "the repository's targets key";
        } else if (known.containsKey(s.canonical())) {
          who = known.get(s.canonical()).describe();
        } else {
          who = "key " + s.canonical().value().substring(0, 12) + "… (no known user)";
        }
        byWho.computeIfAbsent(who, k -> new LinkedHashSet<>()).add(s.role().value());
      }
      List<String> parts = new ArrayList<>();
      byWho.forEach((who, roles) -> parts.add(who + " in " + String.join(" and ", roles)));
      return "signed by " + String.join("; by ", parts);
    }
  }
}
