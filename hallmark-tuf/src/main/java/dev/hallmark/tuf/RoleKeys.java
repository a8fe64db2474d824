package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.List;

/** The keys of a role and how many of them must sign. */
public record RoleKeys(List<KeyId> keyIds, int threshold) {
  public RoleKeys {
    keyIds = List.copyOf(keyIds);
  }

  Json toJson() {
    return Json.object()
        .put("keyids", new Json.Arr(keyIds.stream().<Json>map(k -> Json.of(k.value())).toList()))
        .put("threshold", Json.of(threshold))
        .build();
  }
}
