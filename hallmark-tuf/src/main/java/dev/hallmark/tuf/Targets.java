package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** targets.json or a delegation file: target files by name and further delegations. */
public record Targets(int version, Expires expires, Map<String, FileMeta> targets, Delegations delegations)
    implements Metadata {

  public Targets {
    targets = Collections.unmodifiableMap(new TreeMap<>(targets));
  }

  @Override
  public String type() {
    return "Targets";
  }

  @Override
  public Json.Obj toJson() {
    var t = Json.object();
    targets.forEach((name, meta) -> t.put(name, meta.toJson()));
    return Json.object()
        .put("_type", Json.of(type()))
        .put("delegations", delegations.toJson())
        .put("expires", Json.of(expires.toString()))
        .put("targets", t.build())
        .put("version", Json.of(version))
        .build();
  }
}
