package dev.hallmark.client;

import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.Root;
import dev.hallmark.tuf.Signed;
import dev.hallmark.tuf.Snapshot;
import dev.hallmark.tuf.Targets;
import dev.hallmark.tuf.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verified state of one trust collection after an update: root, timestamp, snapshot, and every
 * targets role in breadth-first order from {@code targets}, with the target paths each may sign.
 *
 * <p>Lookups follow reference client/reader.go and tuf/tuf.go {@code WalkTargets}: roles are visited
 * breadth-first, a role is consulted only for names its effective paths cover, and the first role
 * listing a name wins (so {@code targets} shadows its delegations).
 */
public final class TrustedRepository {
  private final Gun gun;
  private final Signed<Root> root;
  private final Signed<Timestamp> timestamp;
  private final Signed<Snapshot> snapshot;
  private final List<RoleName> order;
  private final Map<RoleName, Signed<Targets>> files;
  private final Map<RoleName, List<String>> paths;
  private final Map<RoleName, List<PublicKey>> signers;

  /**
   * @param order every trusted targets role in walk order
   * @param files the metadata of the roles that have published metadata
   * @param effectivePaths the path prefixes of every role in {@code order}
   * @param signers the keys whose signatures verified on each role's file in {@code files}
   */
  TrustedRepository(Gun gun, Signed<Root> root, Signed<Timestamp> timestamp, Signed<Snapshot> snapshot,
      List<RoleName> order, Map<RoleName, Signed<Targets>> files, Map<RoleName, List<String>> effectivePaths,
      Map<RoleName, List<PublicKey>> signers) {
    this.gun = gun;
    this.root = root;
    this.timestamp = timestamp;
    this.snapshot = snapshot;
    this.order = List.copyOf(order);
    this.files = Map.copyOf(files);
    this.paths = Map.copyOf(effectivePaths);
    this.signers = Map.copyOf(signers);
  }

  public Gun gun() {
    return gun;
  }

  public Signed<Root> root() {
    return root;
  }

  public Signed<Timestamp> timestamp() {
    return timestamp;
  }

  public Signed<Snapshot> snapshot() {
    return snapshot;
  }

  /**
   * The targets roles with trusted metadata, {@code targets} first, then delegations breadth-first.
   * A delegation its parent declares but that has no published metadata is listed with no targets.
   */
  public List<RoleName> roles() {
    return order;
  }

  /** The verified metadata of a targets role, if trusted. */
  public Optional<Signed<Targets>> targets(RoleName role) {
    return Optional.ofNullable(files.get(role));
  }

  /**
   * The keys whose signatures on a targets role's trusted file verified (at least the role's
   * threshold of them), sorted by key ID; empty for a role without published metadata.
   */
  public List<PublicKey> signers(RoleName role) {
    return signers.getOrDefault(role, List.of());
  }

  /**
   * Whether a role may sign a target name: its effective paths (after its ancestors' restrictions)
   * cover the name. Roles that are not trusted cover nothing.
   */
  public boolean mayList(RoleName role, String name) {
    return paths.containsKey(role) && covers(role, name);
  }

  /** The target path prefixes a role may sign, after restriction by its ancestors' paths. */
  public List<String> paths(RoleName role) {
    List<String> p = paths.get(role);
    if (p == null) {
      throw unknownRole(role);
    }
    return p;
  }

  /**
   * Finds a target starting from {@code targets} (notary {@code lookup}).
   *
   * @throws TrustException {@link TrustFailure.TargetNotFound}
   */
  public Target lookup(String name) {
    return lookup(name, List.of(RoleName.TARGETS));
  }

  /**
   * Finds a target in the subtrees of the given roles, tried in order, each walk skipping the other
   * listed roles (notary {@code GetTargetByName(name, roles...)}; Docker passes
   * {@code targets/releases, targets}).
   *
   * @throws TrustException {@link TrustFailure.TargetNotFound}, or {@link TrustFailure.UnknownRole}
   *     when a listed role is not delegated
   */
  public Target lookup(String name, List<RoleName> searchRoles) {
    for (RoleName start : checked(searchRoles)) {
      for (RoleName r : walk(start, searchRoles)) {
        if (!covers(r, name)) {
          continue;
        }
        Signed<Targets> file = files.get(r);
        FileMeta meta = file == null ? null : file.signed().targets().get(name);
        if (meta != null) {
          return new Target(name, meta, r);
        }
      }
    }
    throw new TrustException(new TrustFailure.TargetNotFound(name), "No valid trust data for " + name);
  }

  /** Every target reachable from {@code targets}, sorted by name (notary {@code list}). */
  public List<Target> list() {
    return list(List.of(RoleName.TARGETS));
  }

  /**
   * The targets of the subtrees of the given roles (notary {@code list -r}): each name once, from the
   * first role that lists it and whose paths cover it; sorted by name.
   *
   * @throws TrustException {@link TrustFailure.UnknownRole} when a listed role is not delegated
   */
  public List<Target> list(List<RoleName> searchRoles) {
    Map<String, Target> found = new LinkedHashMap<>();
    for (RoleName start : checked(searchRoles)) {
      for (RoleName r : walk(start, searchRoles)) {
        Signed<Targets> file = files.get(r);
        if (file == null) {
          continue;
        }
        file.signed().targets().forEach((name, meta) -> {
          if (!found.containsKey(name) && covers(r, name)) {
            found.put(name, new Target(name, meta, r));
          }
        });
      }
    }
    List<Target> out = new ArrayList<>(found.values());
    out.sort(Comparator.comparing(Target::name));
    return List.copyOf(out);
  }

  private List<RoleName> checked(List<RoleName> searchRoles) {
    List<RoleName> list = searchRoles.isEmpty() ? List.of(RoleName.TARGETS) : searchRoles;
    for (RoleName r : list) {
      if (!paths.containsKey(r)) {
        throw unknownRole(r);
      }
    }
    return list;
  }

  /** The roles of {@code start}'s subtree in walk order, without other listed roles and their subtrees. */
  private List<RoleName> walk(RoleName start, List<RoleName> listed) {
    Set<RoleName> skip = new java.util.HashSet<>(listed);
    skip.remove(start);
    List<RoleName> out = new ArrayList<>();
    for (RoleName r : order) {
      if (!isSelfOrDescendant(r, start)) {
        continue;
      }
      boolean skipped = false;
      for (RoleName s : skip) {
        if (isSelfOrDescendant(r, s) && isSelfOrDescendant(s, start)) {
          skipped = true;
          break;
        }
      }
      if (!skipped) {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean isSelfOrDescendant(RoleName r, RoleName ancestor) {
    return r.equals(ancestor) || r.value().startsWith(ancestor.value() + "/");
  }

  private boolean covers(RoleName role, String name) {
    for (String p : paths.get(role)) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static TrustException unknownRole(RoleName role) {
    return new TrustException(new TrustFailure.UnknownRole(role),
        "tuf: invalid role " + role + ". delegation does not exist");
  }
}
