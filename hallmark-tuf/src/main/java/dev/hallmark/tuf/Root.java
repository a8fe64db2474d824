package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** root.json: the keys of every base role and their thresholds. */
public record Root(
    int version,
    Expires expires,
    Map<KeyId, PublicKey> keys,
    Map<RoleName, RoleKeys> roles,
    boolean consistentSnapshot)
    implements Metadata {

  public Root {
    keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    roles = Collections.unmodifiableMap(new TreeMap<>(roles));
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
