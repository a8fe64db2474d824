package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** snapshot.json: length and hashes of root, targets and every delegation file. */
public record Snapshot(int version, Expires expires, Map<RoleName, FileMeta> meta) implements Metadata {
  public Snapshot {
    meta = Collections.unmodifiableMap(new TreeMap<>(meta));
  }

  @Override
  public String type() {
    return "Snapshot";
  }

  public Optional<FileMeta> metaFor(RoleName role) {
    return Optional.ofNullable(meta.get(role));
  }

  @Override
  public Json.Obj toJson() {
    var m = Json.object();
    meta.forEach((role, fm) -> m.put(role.value(), fm.toJson()));
    return Json.object()
        .put("_type", Json.of(type()))
        .put("expires", Json.of(expires.toString()))
        .put("meta", m.build())
        .put("version", Json.of(version))
        .build();
  }
}
