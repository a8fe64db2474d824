package dev.hallmark.tuf.json;

/**
 * Bounds on a JSON document, enforced while it is parsed.
 *
 * @param maxDepth deepest nesting of objects and arrays
 * @param maxStringLength longest string (member names included), in characters
 * @param maxMembers most members or items in one object or array
 */
public record JsonLimits(int maxDepth, int maxStringLength, int maxMembers) {
  /** Limits for TUF metadata: generous for real repositories, small enough to stop abuse. */
  public static final JsonLimits METADATA = new JsonLimits(64, 1 << 20, 1 << 20);

  public JsonLimits {
    if (maxDepth < 1 || maxStringLength < 1 || maxMembers < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
