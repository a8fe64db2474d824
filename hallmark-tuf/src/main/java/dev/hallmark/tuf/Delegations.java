package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The delegations of a targets role: keys by ID and the delegated roles in order. */
public record Delegations(Map<KeyId, PublicKey> keys, List<DelegatedRole> roles) {
  /** No delegations. */
  public static final Delegations NONE = new Delegations(Map.of(), List.of());

  public Delegations {
    keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    roles = List.copyOf(roles);
  }

  /** The entry for a role, if delegated here. */
  public Optional<DelegatedRole> role(RoleName name) {
    return roles.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  Json toJson() {
    var k = Json.object();
    keys.forEach((id, key) -> k.put(id.value(), key.toJson()));
    return Json.object()
        .put("keys", k.build())
        .put("roles", new Json.Arr(roles.stream().map(DelegatedRole::toJson).toList()))
        .build();
  }
}
