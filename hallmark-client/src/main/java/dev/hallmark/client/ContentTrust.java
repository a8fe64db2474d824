package dev.hallmark.client;

import dev.hallmark.keys.KeyEntry;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker content trust over a {@link TrustClient}: how {@code docker push} signs a tag and how
 * {@code docker pull} resolves one (docker cli {@code trust.GetSignableRoles}, {@code AddTargetToAllSignableRoles},
 * {@code trust.GetTrustedTarget}). The target of an image is named by its tag; its hashes hold only the
 * sha256 of the manifest bytes and its length is the manifest's size.
 */
public final class ContentTrust {
  /** The delegation docker looks in first, and signs into when the user holds its key. */
  public static final RoleName RELEASES = RoleName.delegation("targets/releases");

  private final TrustClient client;

  public ContentTrust(TrustClient client) {
    this.client = client;
  }

  /** What a push signed: the roles written and whether the collection was initialised first. */
  public record Signing(List<RoleName> roles, boolean initialized) {
    public Signing {
      roles = List.copyOf(roles);
    }
  }

  /**
   * Signs {@code tag} = the manifest and publishes. A collection without trust data is initialised with
   * the store's root key (a new one when it has none), a new targets key and the server's snapshot key.
   * With delegations, the target goes into every first-level delegation whose key the store holds,
   * else into {@code targets}.
   *
   * @throws TrustException when updating or publishing fails, or when delegations exist and none can be signed
   */
  public Signing sign(Gun gun, String tag, Bytes manifest) throws IOException {
    boolean initialized = false;
    List<RoleName> roles;
    try {
      roles = signableRoles(client.update(gun));
    } catch (TrustException e) {
      if (!collectionMissing(e)) {
        throw e;
      }
      client.initializeWithServerSnapshot(gun, client.defaultRootKey());
      initialized = true;
      roles = List.of(RoleName.TARGETS);
    }
    FileMeta meta = new FileMeta(manifest.length(), Map.of(FileMeta.SHA256, manifest.sha256()), Optional.empty());
    Changelist cl = client.changelist(gun);
    for (RoleName r : roles) {
      cl.add(Change.addTarget(r, tag, meta));
    }
    client.publish(gun);
    return new Signing(roles, initialized);
  }

  /**
   * Whether an update failed because the server has no trust data for the collection: its
   * {@code root.json} is not found (notary's {@code ErrRepositoryNotExist}, which docker alone
   * initializes on). A missing role file of an existing collection ({@code ErrMetaNotFound}) is not:
   * a server must not make a push set up the collection again over the trusted root. Unlike notary
   * (whose test is a match of "root" in the resource name), a missing {@code N.root.json} of a
   * rotation does not count either.
   */
  static boolean collectionMissing(TrustException e) {
    return e.failure() instanceof TrustFailure.NotFound nf && nf.resource().equals(RoleName.ROOT.value());
  }

  /** docker cli {@code trust.GetSignableRoles}: {@code targets} without delegations, else the first-level ones we can sign. */
  List<RoleName> signableRoles(TrustedRepository repo) throws IOException {
    var delegations = repo.targets(RoleName.TARGETS).map(t -> t.signed().delegations().roles()).orElse(List.of());
    List<RoleName> all = new ArrayList<>();
    repo.roles().stream().filter(RoleName::isDelegation).forEach(all::add);
    if (all.isEmpty()) {
      return List.of(RoleName.TARGETS);
    }
    Set<KeyId> held = new HashSet<>();
    for (KeyEntry e : client.keyStore().list()) {
      held.add(e.id());
    }
    var keys = repo.targets(RoleName.TARGETS).map(t -> t.signed().delegations().keys()).orElse(Map.of());
    List<RoleName> out = new ArrayList<>();
    for (DelegatedRole d : delegations) {
      if (!d.name().parent().equals(RoleName.TARGETS)) {
        continue;
      }
      for (KeyId id : d.keyIds()) {
        PublicKey k = keys.get(id);
        if (held.contains(id) || k != null && held.contains(k.canonicalId())) {
          out.add(d.name());
          break;
        }
      }
    }
    if (out.isEmpty()) {
      throw new TrustException(new TrustFailure.UnknownRole(RELEASES),
          "no valid signing keys for delegation roles");
    }
    return out;
  }

  /**
   * The signed manifest of {@code tag}: looked up in {@code targets/releases} first, then {@code targets}
   * (docker {@code GetTargetByName(tag, releases, targets)}).
   *
   * @throws TrustException {@link TrustFailure.TargetNotFound} "No trust data for TAG" when no trusted role
   *     signs the tag or the collection has no trust data
   */
  public Target resolve(Gun gun, String tag) {
    TrustedRepository repo;
    try {
      repo = client.update(gun);
    } catch (TrustException e) {
      if (collectionMissing(e)) {
        throw new TrustException(new TrustFailure.TargetNotFound(tag),
            "No trust data for " + tag + ": remote trust data does not exist for " + gun.value(), e);
      }
      throw e;
    }
    return resolve(repo, tag);
  }

  /**
   * The signed manifest of {@code tag} in verified trust data, looked up as docker does.
   *
   * @throws TrustException {@link TrustFailure.TargetNotFound} when no trusted role signs the tag with a sha256
   */
  public static Target resolve(TrustedRepository repo, String tag) {
    List<RoleName> search = repo.roles().contains(RELEASES) ? List.of(RELEASES, RoleName.TARGETS) : List.of(RoleName.TARGETS);
    try {
      Target t = repo.lookup(tag, search);
      if (t.meta().sha256().isEmpty()) {
        throw new TrustException(new TrustFailure.TargetNotFound(tag), "No trust data for " + tag + ": no sha256 hash");
      }
      return t;
    } catch (TrustException e) {
      if (e.failure() instanceof TrustFailure.TargetNotFound) {
        throw new TrustException(e.failure(), "No trust data for " + tag, e);
      }
      throw e;
    }
  }
}
