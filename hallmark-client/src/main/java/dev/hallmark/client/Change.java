package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * One staged change of a trust collection, as notary's changelist stores it (reference
 * client/changelist/change.go {@code TUFChange}): an action on a scope (a role, {@code targets/*} for
 * a key purge, or {@code root}), of a type, at a path, with a JSON payload.
 *
 * @param scope the role name as written; not a {@link RoleName} because {@code targets/*} is allowed
 * @param data the JSON payload bytes exactly as stored; empty for notary's {@code null}
 */
public record Change(Action action, String scope, Type type, String path, Bytes data) {
  /** What the change does. */
  public enum Action {
    CREATE, UPDATE, DELETE;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What the change applies to. */
  public enum Type {
    /** A target file ({@code target}). */
    TARGET("target"),
    /** A delegation role's keys and paths ({@code delegation}). */
    DELEGATION("delegation"),
    /** The keys of a base role in root ({@code role}). */
    ROLE("role"),
    /** Re-sign a role unchanged ({@code witness}). */
    WITNESS("witness");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    String wire() {
      return wire;
    }

    static Type fromWire(String s) {
      for (Type t : values()) {
        if (t.wire.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown change type " + s);
    }
  }

  public Change {
    Objects.requireNonNull(action);
    Objects.requireNonNull(scope);
    Objects.requireNonNull(type);
    Objects.requireNonNull(path);
    Objects.requireNonNull(data);
  }

  /** Adds or replaces a target in a role ({@code notary add}/{@code addhash}). */
  public static Change addTarget(RoleName role, String name, FileMeta meta) {
    var hashes = Json.object();
    meta.hashes().forEach((alg, digest) -> hashes.put(alg, Json.of(digest.base64())));
    var b = Json.object().put("length", Json.of(meta.length())).put("hashes", hashes.build());
    meta.custom().ifPresent(c -> b.put("custom", c));
    return new Change(Action.CREATE, role.value(), Type.TARGET, name, Bytes.wrap(GoJson.encode(b.build())));
  }

  /** Removes a target from a role ({@code notary remove}). */
  public static Change removeTarget(RoleName role, String name) {
    return new Change(Action.DELETE, role.value(), Type.TARGET, name, Bytes.wrap(new byte[0]));
  }

  /** Creates a delegation or adds keys to it, with a threshold (notary uses 1). */
  public static Change addDelegationKeys(RoleName role, List<PublicKey> keys, int threshold) {
    var b = Json.object();
    if (threshold != 0) {
      b.put("threshold", Json.of(threshold));
    }
    if (!keys.isEmpty()) {
      b.put("add_keys", keyList(keys));
    }
    return new Change(Action.CREATE, role.value(), Type.DELEGATION, "", Bytes.wrap(GoJson.encode(b.build())));
  }

  /** Adds path prefixes to a delegation ({@code ""} = every path). */
  public static Change addDelegationPaths(RoleName role, List<String> paths) {
    var b = Json.object().put("add_paths", strings(paths));
    return new Change(Action.CREATE, role.value(), Type.DELEGATION, "", Bytes.wrap(GoJson.encode(b.build())));
  }

  /** Removes path prefixes from a delegation. */
  public static Change removeDelegationPaths(RoleName role, List<String> paths) {
    var b = Json.object().put("remove_paths", strings(paths));
    return new Change(Action.UPDATE, role.value(), Type.DELEGATION, "", Bytes.wrap(GoJson.encode(b.build())));
  }

  /**
   * Removes keys (by canonical ID) from a delegation, or with scope {@code targets/*} from every
   * delegation ({@code notary delegation purge}).
   */
  public static Change removeDelegationKeys(String scope, List<KeyId> canonicalIds) {
    var b = Json.object().put("remove_keys", strings(canonicalIds.stream().map(KeyId::value).toList()));
    return new Change(Action.UPDATE, scope, Type.DELEGATION, "", Bytes.wrap(GoJson.encode(b.build())));
  }

  /** Removes every path of a delegation. */
  public static Change clearDelegationPaths(RoleName role) {
    var b = Json.object().put("clear_paths", Json.of(true));
    return new Change(Action.UPDATE, role.value(), Type.DELEGATION, "", Bytes.wrap(GoJson.encode(b.build())));
  }

  /** Deletes a delegation role with its keys and paths. */
  public static Change deleteDelegation(RoleName role) {
    return new Change(Action.DELETE, role.value(), Type.DELEGATION, "", Bytes.wrap(new byte[0]));
  }

  /** Marks a targets role to be re-signed unchanged ({@code notary witness}). */
  public static Change witness(RoleName role) {
    return new Change(Action.UPDATE, role.value(), Type.WITNESS, "", Bytes.wrap(new byte[0]));
  }

  /** Replaces the keys of a base role in root (used by key rotation). */
  public static Change replaceRoleKeys(RoleName role, List<PublicKey> keys) {
    var b = Json.object().put("keys", keyList(keys)).put("role", Json.of(role.value()));
    return new Change(Action.CREATE, "root", Type.ROLE, role.value(), Bytes.wrap(GoJson.encode(b.build())));
  }

  /** A key in Go's {@code TUFKey} struct order: keytype, then keyval with public before private. */
  static Json keyJson(PublicKey k) {
    return Json.object()
        .put("keytype", Json.of(k.type().wireName()))
        .put("keyval", Json.object().put("public", Json.of(k.publicBytes().base64())).put("private", Json.Null.INSTANCE).build())
        .build();
  }

  private static Json keyList(List<PublicKey> keys) {
    return new Json.Arr(keys.stream().map(Change::keyJson).toList());
  }

  private static Json strings(List<String> values) {
    return new Json.Arr(values.stream().<Json>map(Json::of).toList());
  }
}
