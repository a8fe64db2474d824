package dev.hallmark.client;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the first root of a collection is trusted (notary client config {@code trust_pinning}, reference
 * trustpinning/trustpin.go). Applies only when no usable root is cached.
 *
 * @param certs GUN (or GUN prefix ending in {@code *}) to the TUF key IDs of root certificates
 * @param ca GUN prefix to a PEM bundle of CAs that must issue the root certificates
 * @param disableTofu refuse a first root that no {@code certs}/{@code ca} entry covers
 */
public record TrustPinning(Map<String, List<KeyId>> certs, Map<String, Path> ca, boolean disableTofu) {
  /** Trust on first use: the first root seen is trusted if it signs itself. */
  public static final TrustPinning TOFU = new TrustPinning(Map.of(), Map.of(), false);

  public TrustPinning {
    certs = certs.entrySet().stream()
        .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    ca = Map.copyOf(ca);
  }

  /**
   * Reads the {@code trust_pinning} section of a notary client configuration
   * ({@code {"certs":{GUN:[ID,...]},"ca":{PREFIX:FILE},"disable_tofu":BOOL}}); an absent section is TOFU.
   *
   * @throws java.io.IOException when the section is malformed
   */
  public static TrustPinning fromConfig(dev.hallmark.tuf.json.Json.Obj config) throws java.io.IOException {
    if (!(config.get("trust_pinning") instanceof dev.hallmark.tuf.json.Json.Obj tp)) {
      return TOFU;
    }
    Map<String, List<KeyId>> certs = new java.util.LinkedHashMap<>();
    if (tp.get("certs") instanceof dev.hallmark.tuf.json.Json.Obj c) {
      for (var e : c.members().entrySet()) {
        if (!(e.getValue() instanceof dev.hallmark.tuf.json.Json.Arr a)) {
          throw new java.io.IOException("invalid format for trust_pinning.certs");
        }
        List<KeyId> ids = new java.util.ArrayList<>();
        for (var j : a.items()) {
          if (!(j instanceof dev.hallmark.tuf.json.Json.Str id)) {
            throw new java.io.IOException("invalid format for trust_pinning.certs");
          }
          ids.add(new KeyId(id.value()));
        }
        certs.put(e.getKey(), ids);
      }
    }
    Map<String, Path> ca = new java.util.LinkedHashMap<>();
    if (tp.get("ca") instanceof dev.hallmark.tuf.json.Json.Obj c) {
      c.members().forEach((k, v) -> {
        if (v instanceof dev.hallmark.tuf.json.Json.Str file) {
          ca.put(k, Path.of(file.value()));
        }
      });
    }
    boolean disable = tp.get("disable_tofu") instanceof dev.hallmark.tuf.json.Json.Bool b && b.value();
    return new TrustPinning(certs, ca, disable);
  }

  /** The pinned certificate key IDs for a GUN: exact entry first, then the longest wildcard prefix. */
  Optional<List<KeyId>> pinnedKeys(Gun gun) {
    List<KeyId> exact = certs.get(gun.value());
    if (exact != null) {
      return Optional.of(exact);
    }
    String best = null;
    for (String k : certs.keySet()) {
      if (k.endsWith("*")) {
        String prefix = k.substring(0, k.length() - 1);
        if (gun.value().startsWith(prefix) && (best == null || prefix.length() > best.length() - 1)) {
          best = k;
        }
      }
    }
    return Optional.ofNullable(best).map(certs::get);
  }

  /** The CA bundle for a GUN: the longest matching prefix. */
  Optional<Path> pinnedCa(Gun gun) {
    String best = null;
    for (String k : ca.keySet()) {
      if (gun.value().startsWith(k) && (best == null || k.length() > best.length())) {
        best = k;
      }
    }
    return Optional.ofNullable(best).map(ca::get);
  }
}
