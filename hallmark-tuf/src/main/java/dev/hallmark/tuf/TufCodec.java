package dev.hallmark.tuf;

import dev.hallmark.tuf.json.CanonicalJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes TUF metadata files in notary 0.7's format.
 *
 * <p>Decoding is strict: required fields must be present with the right JSON types, key IDs must
 * match key contents, and private key material is refused. Signatures are not checked here.
 */
public final class TufCodec {
  private TufCodec() {}

  /** The canonical bytes of a role's {@code signed} part: what gets signed. */
  public static byte[] canonical(Metadata m) {
    return CanonicalJson.encode(m.toJson());
  }

  /** A file in notary's byte form from metadata and its signatures. */
  public static Bytes encode(Metadata m, List<Signature> signatures) {
    return encodeFile(Bytes.wrap(canonical(m)), signatures);
  }

  /** A signed file from metadata and signatures, as {@link Signed}. */
  public static <T extends Metadata> Signed<T> sign(T m, List<Signature> signatures) {
    Bytes canonical = Bytes.wrap(canonical(m));
    return new Signed<>(m, signatures, encodeFile(canonical, signatures), canonical);
  }

  static Bytes encodeFile(Bytes canonical, List<Signature> signatures) {
    var out = new ByteArrayOutputStream(canonical.length() + 64 + signatures.size() * 200);
    out.writeBytes("{\"signed\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(CanonicalJson.fileForm(canonical.unsafeArray()));
    out.writeBytes(",\"signatures\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes("{\"keyid\":".getBytes(StandardCharsets.US_ASCII));
      CanonicalJson.writePlainString(s.keyId().value(), out);
      out.writeBytes(",\"method\":".getBytes(StandardCharsets.US_ASCII));
      CanonicalJson.writePlainString(s.method().wireName(), out);
      out.writeBytes(",\"sig\":\"".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(s.value().base64().getBytes(StandardCharsets.US_ASCII));
      out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
    return Bytes.wrap(out.toByteArray());
  }

  /**
   * Decodes a file of the given role.
   *
   * @throws TufException {@code MALFORMED} for bad JSON or envelope, {@code INVALID_METADATA} for a
   *     role that is not valid metadata of its kind
   */
  public static Signed<? extends Metadata> decode(RoleName role, Bytes file) {
    if (role.equals(RoleName.ROOT)) {
      return decodeRoot(file);
    } else if (role.equals(RoleName.SNAPSHOT)) {
      return decodeSnapshot(file);
    } else if (role.equals(RoleName.TIMESTAMP)) {
      return decodeTimestamp(file);
    }
    return decodeTargets(role, file);
  }

  public static Signed<Root> decodeRoot(Bytes file) {
    Envelope e = envelope(file);
    Reader r = new Reader("root", e.signed);
    r.type("Root");
    int version = r.version();
    Map<KeyId, PublicKey> keys = r.keys(r.obj("keys"), "keys");
    Map<RoleName, RoleKeys> roles = new HashMap<>();
    Map<String, Json> otherRoles = new HashMap<>();
    for (var entry : r.obj("roles").members().entrySet()) {
      if (!RoleName.isValid(entry.getKey()) && entry.getValue() instanceof Json.Null) {
        otherRoles.put(entry.getKey(), entry.getValue());
        continue;
      }
      Json.Obj ro = r.asObj(entry.getValue(), "roles." + entry.getKey());
      if (!RoleName.isValid(entry.getKey())) {
        // e.g. "root.1", written by notary before 0.7 for legacy clients; notary 0.7 decodes every
        // entry as a RootRole (so the member types must fit) and validates only the base roles
        otherRoles.put(entry.getKey(), r.lenientRoleKeys(ro, "roles." + entry.getKey()));
        continue;
      }
      roles.put(RoleName.of(entry.getKey()), r.roleKeys(ro, "roles." + entry.getKey()));
    }
    Root root = new Root(version, r.expires(), keys, roles, r.bool("consistent_snapshot"), otherRoles);
    // messages as notary's isValidRootStructure (reference tuf/data/root.go)
    for (RoleName base : List.of(RoleName.ROOT, RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP)) {
      RoleKeys rk = roles.get(base);
      if (rk == null) {
        throw r.invalid("missing " + base + " role specification");
      }
      if (rk.threshold() < 1) {
        throw r.invalid("invalid threshold specified for " + base + ": " + rk.threshold() + " ");
      }
      for (KeyId id : rk.keyIds()) {
        if (!keys.containsKey(id)) {
          throw r.invalid("key ID " + id + " specified in " + base + " without corresponding key");
        }
      }
    }
    return new Signed<>(root, e.signatures, file, e.canonical);
  }

  public static Signed<Targets> decodeTargets(RoleName role, Bytes file) {
    if (!role.isTargetsFamily()) {
      throw new IllegalArgumentException(role + " is not a targets role");
    }
    Envelope e = envelope(file);
    Reader r = new Reader(role.value(), e.signed);
    r.type("Targets");
    int version = r.version();
    Map<String, FileMeta> targets = new HashMap<>();
    for (var entry : r.obj("targets").members().entrySet()) {
      targets.put(entry.getKey(), r.fileMeta(r.asObj(entry.getValue(), "targets." + entry.getKey()), "targets"));
    }
    Json.Obj d = r.obj("delegations");
    Reader dr = new Reader(role.value(), d);
    Map<KeyId, PublicKey> keys = dr.keys(dr.obj("keys"), "delegations.keys");
    List<DelegatedRole> roles = new ArrayList<>();
    for (Json item : dr.arr("roles").items()) {
      Json.Obj ro = dr.asObj(item, "delegations.roles[]");
      Reader rr = new Reader(role.value(), ro);
      String name = rr.str("name");
      // messages as notary's isValidTargetsStructure / isValidRootRoleStructure (reference tuf/data)
      if (!RoleName.isValid(name) || !RoleName.of(name).isDelegation() || !RoleName.of(name).parent().equals(role)) {
        throw r.invalid("delegation role " + name + " invalid");
      }
      RoleName child = RoleName.of(name);
      RoleKeys rk = rr.roleKeys(ro, name);
      if (rk.threshold() < 1) {
        throw r.invalid("invalid threshold specified for " + name + ": " + rk.threshold() + " ");
      }
      for (KeyId id : rk.keyIds()) {
        if (!keys.containsKey(id)) {
          throw r.invalid("key ID " + id + " specified in " + name + " without corresponding key");
        }
      }
      List<String> paths = new ArrayList<>();
      Json p = ro.get("paths");
      if (p != null) {
        for (Json pi : rr.asArr(p, "paths").items()) {
          if (!(pi instanceof Json.Str s)) {
            throw r.invalid("paths of " + name + " must be strings");
          }
          paths.add(s.value());
        }
      }
      for (String key : ro.members().keySet()) {
        if (!List.of("keyids", "name", "paths", "threshold").contains(key)) {
          throw r.invalid("unsupported field " + key + " in delegation " + name);
        }
      }
      if (roles.stream().anyMatch(x -> x.name().equals(child))) {
        throw r.invalid("delegation " + name + " listed twice");
      }
      roles.add(new DelegatedRole(child, rk.keyIds(), rk.threshold(), paths));
    }
    Targets t = new Targets(version, r.expires(), targets, new Delegations(keys, roles));
    return new Signed<>(t, e.signatures, file, e.canonical);
  }

  public static Signed<Snapshot> decodeSnapshot(Bytes file) {
    Envelope e = envelope(file);
    Reader r = new Reader("snapshot", e.signed);
    r.type("Snapshot");
    int version = r.version();
    Json.Obj metaObj = r.obj("meta");
    // root and targets first, with notary's messages (reference tuf/data/snapshot.go IsValidSnapshotStructure)
    for (RoleName required : List.of(RoleName.ROOT, RoleName.TARGETS)) {
      if (!(metaObj.get(required.value()) instanceof Json.Obj m)
          || !(m.get("hashes") instanceof Json.Obj h) || h.get(FileMeta.SHA256) == null) {
        throw r.invalid("missing " + required + " sha256 checksum information");
      }
    }
    Map<RoleName, FileMeta> meta = new HashMap<>();
    for (var entry : metaObj.members().entrySet()) {
      if (!RoleName.isValid(entry.getKey())) {
        throw r.invalid("invalid role name in meta: " + entry.getKey());
      }
      RoleName rn = RoleName.of(entry.getKey());
      if (!(rn.equals(RoleName.ROOT) || rn.isTargetsFamily())) {
        throw r.invalid("snapshot cannot list " + rn);
      }
      meta.put(rn, r.metadataMeta(r.asObj(entry.getValue(), "meta." + rn), rn.value()));
    }
    return new Signed<>(new Snapshot(version, r.expires(), meta), e.signatures, file, e.canonical);
  }

  public static Signed<Timestamp> decodeTimestamp(Bytes file) {
    Envelope e = envelope(file);
    Reader r = new Reader("timestamp", e.signed);
    r.type("Timestamp");
    int version = r.version();
    Json.Obj meta = r.obj("meta");
    Json snap = meta.get("snapshot");
    if (snap == null) {
      throw r.invalid("timestamp must list snapshot");
    }
    if (meta.members().size() != 1) {
      throw r.invalid("timestamp may list only snapshot");
    }
    FileMeta fm = r.metadataMeta(r.asObj(snap, "meta.snapshot"), "snapshot");
    return new Signed<>(new Timestamp(version, r.expires(), fm), e.signatures, file, e.canonical);
  }

  /**
   * What every role's file shares: the version, the signatures and the canonical bytes they sign.
   * For checks that notary makes before a role's own structure (signatures of targets and snapshot,
   * the version step of root).
   */
  public record Common(long version, List<Signature> signatures, Bytes canonical) {}

  /**
   * The common part of a file.
   *
   * @throws TufException {@code MALFORMED} when not even that decodes
   */
  public static Common common(Bytes file) {
    Envelope e = envelope(file);
    return new Common(((Json.Num) e.signed.get("version")).value(), e.signatures, e.canonical);
  }

  /** Parses a public key object as the key endpoints and metadata encode it. */
  public static PublicKey decodePublicKey(Bytes json) {
    Json j;
    try {
      j = JsonReader.forMetadata().parse(json.unsafeArray());
    } catch (JsonException ex) {
      throw new TufException(TufException.Kind.MALFORMED, "key is not JSON: " + ex.getMessage(), ex);
    }
    Reader r = new Reader("key", (Json.Obj) (j instanceof Json.Obj o ? o : fail("key is not an object")));
    return r.key(r.self(), "key");
  }

  private static Json.Obj fail(String msg) {
    throw new TufException(TufException.Kind.MALFORMED, msg);
  }

  private record Envelope(Json.Obj signed, List<Signature> signatures, Bytes canonical) {}

  private static Envelope envelope(Bytes file) {
    Json root;
    try {
      root = JsonReader.forMetadata().parse(file.unsafeArray());
    } catch (JsonException ex) {
      throw new TufException(TufException.Kind.MALFORMED, "not valid JSON: " + ex.getMessage(), ex);
    }
    if (!(root instanceof Json.Obj o)) {
      throw new TufException(TufException.Kind.MALFORMED, "metadata is not a JSON object");
    }
    if (!(o.get("signed") instanceof Json.Obj signed)) {
      throw new TufException(TufException.Kind.MALFORMED, "metadata has no signed object");
    }
    if (!(o.get("signatures") instanceof Json.Arr sigs)) {
      throw new TufException(TufException.Kind.MALFORMED, "metadata has no signatures array");
    }
    List<Signature> signatures = new ArrayList<>();
    for (Json s : sigs.items()) {
      if (!(s instanceof Json.Obj so)
          || !(so.get("keyid") instanceof Json.Str keyid)
          || !(so.get("method") instanceof Json.Str method)
          || !(so.get("sig") instanceof Json.Str sig)) {
        throw new TufException(TufException.Kind.MALFORMED, "signature must have keyid, method and sig strings");
      }
      Bytes value;
      try {
        value = Bytes.fromBase64(sig.value());
      } catch (IllegalArgumentException ex) {
        throw new TufException(TufException.Kind.MALFORMED, "signature is not base64");
      }
      if (keyid.value().isEmpty() || keyid.value().length() > 256) {
        throw new TufException(TufException.Kind.MALFORMED, "invalid signature key ID");
      }
      signatures.add(new Signature(new KeyId(keyid.value()),
          SignatureMethod.fromWire(method.value().toLowerCase(java.util.Locale.ROOT)), value));
    }
    // Common fields are checked first so a wrong envelope is MALFORMED, as the reference reports
    Reader common = new Reader("metadata", signed);
    common.str("_type");
    common.versionNumber();
    common.expires();
    return new Envelope(signed, signatures, Bytes.wrap(CanonicalJson.encode(signed)));
  }

  /** Typed access to a JSON object with role-specific error messages. */
  private static final class Reader {
    private final String role;
    private final Json.Obj obj;

    Reader(String role, Json.Obj obj) {
      this.role = role;
      this.obj = obj;
    }

    Json.Obj self() {
      return obj;
    }

    TufException invalid(String msg) {
      return new TufException(TufException.Kind.INVALID_METADATA, role + " type metadata invalid: " + msg);
    }

    void type(String expected) {
      String t = str("_type");
      if (!t.equals(expected)) {
        throw invalid("expected type " + expected + ", not " + t);
      }
    }

    /** The version as a number; larger than any version Hallmark stores is malformed. */
    long versionNumber() {
      if (!(obj.get("version") instanceof Json.Num n)) {
        throw new TufException(TufException.Kind.MALFORMED, role + ": version must be an integer");
      }
      if (n.value() > Integer.MAX_VALUE) {
        throw new TufException(TufException.Kind.MALFORMED, role + ": version must be between 1 and 2^31-1");
      }
      return n.value();
    }

    /** The version of valid metadata: below 1 is invalid metadata, as notary reports it. */
    int version() {
      long v = versionNumber();
      if (v < 1) {
        // notary's texts differ for root (reference tuf/data/root.go, targets.go, snapshot.go, timestamp.go)
        throw invalid(role.equals("root") ? "version cannot be less than 1" : "version cannot be less than one");
      }
      return (int) v;
    }

    Expires expires() {
      if (!(obj.get("expires") instanceof Json.Str s)) {
        throw new TufException(TufException.Kind.MALFORMED, role + ": expires must be a string");
      }
      return Expires.parse(s.value());
    }

    String str(String name) {
      if (!(obj.get(name) instanceof Json.Str s)) {
        throw new TufException(TufException.Kind.MALFORMED, role + ": " + name + " must be a string");
      }
      return s.value();
    }

    boolean bool(String name) {
      if (!(obj.get(name) instanceof Json.Bool b)) {
        throw invalid(name + " must be true or false");
      }
      return b.value();
    }

    Json.Obj obj(String name) {
      return asObj(obj.get(name), name);
    }

    Json.Arr arr(String name) {
      return asArr(obj.get(name), name);
    }

    Json.Obj asObj(Json j, String where) {
      if (!(j instanceof Json.Obj o)) {
        throw invalid(where + " must be an object");
      }
      return o;
    }

    Json.Arr asArr(Json j, String where) {
      if (!(j instanceof Json.Arr a)) {
        throw invalid(where + " must be an array");
      }
      return a;
    }

    RoleKeys roleKeys(Json.Obj o, String where) {
      List<KeyId> ids = new ArrayList<>();
      for (Json k : asArr(o.get("keyids"), where + ".keyids").items()) {
        if (!(k instanceof Json.Str s) || s.value().isEmpty() || s.value().length() > 256) {
          throw invalid(where + ".keyids must hold key ID strings");
        }
        ids.add(new KeyId(s.value()));
      }
      if (!(o.get("threshold") instanceof Json.Num t) || t.value() > Integer.MAX_VALUE || t.value() < Integer.MIN_VALUE) {
        throw invalid(where + ".threshold must be an integer");
      }
      return new RoleKeys(ids, (int) t.value());
    }

    /**
     * An extra root role entry as Go decodes it into a RootRole and re-encodes it: keyids (strings,
     * or null when absent) and threshold (an int, 0 when absent); other members are dropped, so an
     * entry with other members does not re-encode to its bytes, as in notary.
     */
    Json lenientRoleKeys(Json.Obj o, String where) {
      Json ids = o.get("keyids");
      if (ids == null) {
        ids = Json.Null.INSTANCE;
      } else if (!(ids instanceof Json.Null)) {
        for (Json k : asArr(ids, where + ".keyids").items()) {
          if (!(k instanceof Json.Str)) {
            throw invalid(where + ".keyids must hold key ID strings");
          }
        }
      }
      Json t = o.get("threshold");
      if (t == null || t instanceof Json.Null) {
        t = Json.of(0);
      } else if (!(t instanceof Json.Num n) || n.value() > Integer.MAX_VALUE || n.value() < Integer.MIN_VALUE) {
        throw invalid(where + ".threshold must be an integer");
      }
      return Json.object().put("keyids", ids).put("threshold", t).build();
    }

    Map<KeyId, PublicKey> keys(Json.Obj o, String where) {
      Map<KeyId, PublicKey> keys = new LinkedHashMap<>();
      for (var e : o.members().entrySet()) {
        PublicKey k = key(asObj(e.getValue(), where + "." + e.getKey()), where);
        if (!k.id().value().equals(e.getKey())) {
          throw invalid("key ID " + e.getKey() + " does not match its key content");
        }
        keys.put(new KeyId(e.getKey()), k);
      }
      return keys;
    }

    PublicKey key(Json.Obj k, String where) {
      if (!(k.get("keytype") instanceof Json.Str type)) {
        throw invalid(where + ": keytype must be a string");
      }
      if (!(k.get("keyval") instanceof Json.Obj val)) {
        throw invalid(where + ": keyval must be an object");
      }
      Json priv = val.get("private");
      if (priv != null && !(priv instanceof Json.Null)) {
        throw invalid(where + ": public metadata must not carry private key material");
      }
      if (!(val.get("public") instanceof Json.Str pub)) {
        throw invalid(where + ": keyval.public must be a base64 string");
      }
      try {
        return new PublicKey(KeyType.fromWire(type.value()), Bytes.fromBase64(pub.value()));
      } catch (IllegalArgumentException ex) {
        throw invalid(where + ": keyval.public is not base64");
      }
    }

    FileMeta fileMeta(Json.Obj o, String where) {
      if (!(o.get("length") instanceof Json.Num len) || len.value() < 0) {
        throw invalid(where + ": length must be a non-negative integer");
      }
      Map<String, Bytes> hashes = new HashMap<>();
      for (var h : asObj(o.get("hashes"), where + ".hashes").members().entrySet()) {
        if (!(h.getValue() instanceof Json.Str s)) {
          throw invalid(where + ": hashes must be base64 strings");
        }
        try {
          hashes.put(h.getKey(), Bytes.fromBase64(s.value()));
        } catch (IllegalArgumentException ex) {
          throw invalid(where + ": hash " + h.getKey() + " is not base64");
        }
      }
      Json custom = o.get("custom");
      return new FileMeta(len.value(), hashes, custom == null || custom instanceof Json.Null
          ? Optional.empty() : Optional.of(custom));
    }

    FileMeta metadataMeta(Json.Obj o, String what) {
      FileMeta fm = fileMeta(o, what);
      Bytes sha256 = fm.hashes().get(FileMeta.SHA256);
      if (sha256 == null || sha256.length() != 32) {
        throw invalid(what + " needs a sha256 hash of 32 bytes");
      }
      Bytes sha512 = fm.hashes().get(FileMeta.SHA512);
      if (sha512 != null && sha512.length() != 64) {
        throw invalid(what + " has a sha512 hash of the wrong length");
      }
      return fm;
    }
  }
}
