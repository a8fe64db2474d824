package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.List;

/**
 * A delegation entry in a targets file: the role, its keys and threshold, and the target name
 * prefixes it may sign ({@code ""} means every path).
 */
public record DelegatedRole(RoleName name, List<KeyId> keyIds, int threshold, List<String> paths) {
  public DelegatedRole {
    if (!name.isDelegation()) {
      throw new IllegalArgumentException(name + " is not a delegation role");
    }
    keyIds = List.copyOf(keyIds);
    paths = List.copyOf(paths);
  }

  public RoleKeys roleKeys() {
    return new RoleKeys(keyIds, threshold);
  }

  /** Whether a target name lies within this role's paths (plain prefix match, as notary). */
  public boolean covers(String targetName) {
    for (String p : paths) {
      if (targetName.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  Json toJson() {
    var b = Json.object()
        .put("keyids", new Json.Arr(keyIds.stream().<Json>map(k -> Json.of(k.value())).toList()))
        .put("name", Json.of(name.value()))
        .put("threshold", Json.of(threshold));
    if (!paths.isEmpty()) {
      b.put("paths", new Json.Arr(paths.stream().<Json>map(Json::of).toList()));
    }
    return b.build();
  }
}
