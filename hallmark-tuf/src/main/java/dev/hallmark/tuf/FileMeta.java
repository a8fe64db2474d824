package dev.hallmark.tuf;

import dev.hallmark.tuf.json.Json;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Length and hashes of a file (a target, or a metadata file in snapshot/timestamp), with optional
 * custom JSON. Hash algorithm names map to raw digests.
 */
public record FileMeta(long length, Map<String, Bytes> hashes, Optional<Json> custom) {
  public static final String SHA256 = "sha256";
  public static final String SHA512 = "sha512";

  public FileMeta {
    if (length < 0) {
      throw new IllegalArgumentException("negative length");
    }
    hashes = Collections.unmodifiableMap(new TreeMap<>(hashes));
    custom = custom == null ? Optional.empty() : custom;
  }

  /** The meta notary writes for metadata files: length, SHA-256 and SHA-512 of the exact bytes. */
  public static FileMeta of(Bytes file) {
    return new FileMeta(file.length(), Map.of(SHA256, file.sha256(), SHA512, file.sha512()), Optional.empty());
  }

  /** The SHA-256 digest, if listed. */
  public Optional<Bytes> sha256() {
    return Optional.ofNullable(hashes.get(SHA256));
  }

  /**
   * Checks bytes against every hash listed that notary knows (sha256, sha512); at least one must be
   * listed (reference tuf/data/types.go {@code CheckHashes}).
   *
   * @throws TufException of kind {@code HASH_MISMATCH}
   */
  public void check(String what, Bytes file) {
    boolean any = false;
    for (var e : hashes.entrySet()) {
      Bytes actual = switch (e.getKey()) {
        case SHA256 -> file.sha256();
        case SHA512 -> file.sha512();
        default -> null;
      };
      if (actual == null) {
        continue;
      }
      any = true;
      if (!actual.constantTimeEquals(e.getValue())) {
        throw new TufException(TufException.Kind.HASH_MISMATCH,
            e.getKey() + " checksum for " + what + " did not match: expected " + e.getValue().hex());
      }
    }
    if (!any) {
      throw new TufException(TufException.Kind.HASH_MISMATCH, "no supported checksum listed for " + what);
    }
  }

  Json toJson() {
    var hashJson = Json.object();
    hashes.forEach((alg, digest) -> hashJson.put(alg, Json.of(digest.base64())));
    var b = Json.object().put("length", Json.of(length)).put("hashes", hashJson.build());
    custom.ifPresent(c -> b.put("custom", c));
    return b.build();
  }
}
