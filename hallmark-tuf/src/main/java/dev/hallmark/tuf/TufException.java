package dev.hallmark.tuf;

import java.util.Objects;

/** Metadata that cannot be trusted or used, with the kind of failure callers branch on. */
public class TufException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** Not JSON, or not the envelope/common fields every role has. */
    MALFORMED,
    /** Well-formed JSON but not valid metadata of its role. */
    INVALID_METADATA,
    /** Not in the byte form notary writes, so Go clients would re-hash it differently. */
    NOT_CANONICAL,
    /** Too few valid signatures from the role's keys. */
    THRESHOLD,
    /** Past its {@code expires}. */
    EXPIRED,
    /** Version lower than the trusted one. */
    ROLLBACK,
    /** Bytes do not match the hashes (or length) another role lists for them. */
    HASH_MISMATCH,
    /** A delegation the parent does not declare, or a target outside its paths. */
    BAD_DELEGATION,
    /** Root rotation not signed by the old root, certificate problems. */
    BAD_ROOT
  }

  private final Kind kind;

  public TufException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind);
  }

  public TufException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind);
  }

  public Kind kind() {
    return kind;
  }
}
