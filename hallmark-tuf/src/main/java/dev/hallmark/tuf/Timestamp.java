package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;

/** timestamp.json: length and hashes of the current snapshot. */
public record Timestamp(int version, Expires expires, FileMeta snapshot) implements Metadata {
  @Override
  public String type() {
    return "Timestamp";
  }

  @Override
  public Json.Obj toJson() {
    return Json.object()
        .put("_type", Json.of(type()))
        .put("expires", Json.of(expires.toString()))
        .put("meta", Json.object().put("snapshot", snapshot.toJson()).build())
        .put("version", Json.of(version))
        .build();
  }
}
