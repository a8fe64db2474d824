package dev.hallmark.policy;

import java.util.Locale;

/** Why a decision went the way it did; the label of the decision counters in {@code /metrics}. */
public enum Reason {
  /** Content trust required and satisfied. */
  SIGNED(true),
  /** No policy requires content trust for this repository. */
  NOT_REQUIRED(true),
  /** The image reference cannot be parsed. */
  INVALID_REFERENCE(false),
  /** The image is not in this registry, so no trust data of ours covers it. */
  FOREIGN_REGISTRY(false),
  /** The repository has no trust data at all. */
  NO_TRUST_DATA(false),
  /** The trust data does not sign the tag or digest. */
  NOT_SIGNED(false),
  /** Signed, but by no delegation key of a known user (e.g. only the repository key). */
  NO_KNOWN_SIGNER(false),
  /** Signed by known users, but not by a member of every required team. */
  MISSING_TEAM(false),
  /** The trust data failed verification (signatures, thresholds, expiry, rollback). */
  UNTRUSTED(false),
  /** The trust data or the user directory could not be read: fail closed. */
  UNAVAILABLE(false);

  private final boolean allows;

  Reason(boolean allows) {
    this.allows = allows;
  }

  public boolean allows() {
    return allows;
  }

  /** The metrics label, e.g. {@code missing_team}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
