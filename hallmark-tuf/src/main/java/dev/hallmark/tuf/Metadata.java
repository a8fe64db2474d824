package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;

/** The {@code signed} part of a TUF metadata file. */
public sealed interface Metadata permits Root, Targets, Snapshot, Timestamp {
  /** The {@code _type} notary writes. */
  String type();

  int version();

  Expires expires();

  /** The canonical field set as a JSON object (what Go's typed structs marshal). */
  Json.Obj toJson();
}
