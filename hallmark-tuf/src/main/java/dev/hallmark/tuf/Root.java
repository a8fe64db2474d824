package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * root.json: the keys of every base role and their thresholds.
 *
 * <p>{@code otherRoles} holds the entries of {@code roles} whose names are no valid role name, kept
 * as their JSON values so that the root re-encodes to the same bytes. Notary before 0.7 wrote
 * versioned root roles such as {@code root.1} there; notary 0.7 writes none but accepts any extra
 * entry (reference tuf/data/root.go {@code isValidRootStructure} checks only the base roles) and
 * keeps them when it re-signs the root.
 */
public record Root(
    int version,
    Expires expires,
    Map<KeyId, PublicKey> keys,
    Map<RoleName, RoleKeys> roles,
    boolean consistentSnapshot,
    Map<String, Json> otherRoles)
    implements Metadata {

  public Root {
    keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    roles = Collections.unmodifiableMap(new TreeMap<>(roles));
    otherRoles = Collections.unmodifiableMap(new TreeMap<>(otherRoles));
    for (String name : otherRoles.keySet()) {
      if (RoleName.isValid(name)) {
        throw new IllegalArgumentException("role " + name + " belongs in roles, not otherRoles");
      }
    }
  }

  /** A root without extra role entries. */
  public Root(int version, Expires expires, Map<KeyId, PublicKey> keys, Map<RoleName, RoleKeys> roles,
      boolean consistentSnapshot) {
    this(version, expires, keys, roles, consistentSnapshot, Map.of());
  }

  /** The same root with another version, expiry, keys and roles, keeping {@link #otherRoles}. */
  public Root with(int version, Expires expires, Map<KeyId, PublicKey> keys, Map<RoleName, RoleKeys> roles) {
    return new Root(version, expires, keys, roles, consistentSnapshot, otherRoles);
  }

  @Override
  public String type() {
    return "Root";
  }

  /** The keys and threshold of a base role. @throws TufException when the root lacks the role */
  public RoleKeys role(RoleName name) {
    RoleKeys r = roles.get(name);
    if (r == null) {
      throw new TufException(TufException.Kind.INVALID_METADATA, "root has no " + name + " role");
    }
    return r;
  }

  /** The keys of a base role, by ID, in the order the role lists them (absent IDs skipped). */
  public Map<KeyId, PublicKey> keysOf(RoleName name) {
    Map<KeyId, PublicKey> out = new LinkedHashMap<>();
    for (KeyId id : role(name).keyIds()) {
      PublicKey k = keys.get(id);
      if (k != null) {
        out.put(id, k);
      }
    }
    return out;
  }

  @Override
  public Json.Obj toJson() {
    var k = Json.object();
    keys.forEach((id, key) -> k.put(id.value(), key.toJson()));
    var r = Json.object();
    roles.forEach((name, rk) -> r.put(name.value(), rk.toJson()));
    otherRoles.forEach(r::put);
    return Json.object()
        .put("_type", Json.of(type()))
        .put("consistent_snapshot", Json.of(consistentSnapshot))
        .put("expires", Json.of(expires.toString()))
        .put("keys", k.build())
        .put("roles", r.build())
        .put("version", Json.of(version))
        .build();
  }
}
