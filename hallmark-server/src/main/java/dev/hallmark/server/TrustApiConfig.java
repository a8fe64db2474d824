package dev.hallmark.server;

import java.util.List;

/**
 * Settings of the trust API (the parts of notary-server's configuration that shape its behaviour).
 *
 * @param currentMaxAge {@code caching.max_age.current_metadata} in seconds (0 disables caching)
 * @param consistentMaxAge {@code caching.max_age.consistent_metadata} in seconds
 * @param gunPrefixes {@code repositories.gun_prefixes}; empty accepts every GUN
 * @param limits bounds on request inputs
 */
public record TrustApiConfig(int currentMaxAge, int consistentMaxAge, List<String> gunPrefixes, Limits limits) {
  /** The reference's defaults: 300 s current, 30 days consistent, every GUN. */
  public static final TrustApiConfig DEFAULTS = new TrustApiConfig(300, 2_592_000, List.of(), Limits.DEFAULTS);

  public TrustApiConfig {
    checkMaxAge("caching.max_age.current_metadata", currentMaxAge);
    checkMaxAge("caching.max_age.consistent_metadata", consistentMaxAge);
    gunPrefixes = List.copyOf(gunPrefixes);
    for (String p : gunPrefixes) {
      if (!p.endsWith("/") || p.startsWith("/") || p.startsWith("..") || p.contains("//")
          || p.contains("/./") || p.contains("/../")) {
        throw new IllegalArgumentException("repositories.gun_prefixes: invalid GUN prefix " + p);
      }
    }
  }

  private static void checkMaxAge(String key, int v) {
    if (v < 0 || v > 31_536_000) {
      throw new IllegalArgumentException(key + ": must specify a cache-control max-age between 0 and 31536000");
    }
  }

  /**
   * Input bounds, checked while the request streams in.
   *
   * @param maxBodyBytes largest publish body
   * @param maxPartBytes largest single metadata file
   * @param maxParts most files in one publish
   */
  public record Limits(long maxBodyBytes, long maxPartBytes, int maxParts) {
    public static final Limits DEFAULTS = new Limits(64L << 20, 32L << 20, 512);

    public Limits {
      if (maxBodyBytes < 1 || maxPartBytes < 1 || maxParts < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }
}
