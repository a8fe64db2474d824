package dev.hallmark.tuf;

import java.util.List;
import java.util.Objects;

/**
 * A metadata file: the decoded role, its signatures, the exact file bytes, and the canonical bytes
 * the signatures are over.
 *
 * <p>The file bytes are what gets stored, hashed and served; the record is never re-encoded for that.
 */
public record Signed<T extends Metadata>(T signed, List<Signature> signatures, Bytes bytes, Bytes canonical) {
  public Signed {
    Objects.requireNonNull(signed);
    signatures = List.copyOf(signatures);
    Objects.requireNonNull(bytes);
    Objects.requireNonNull(canonical);
  }

  /**
   * Whether the file bytes are exactly what notary's Go code writes for this content: Go parses a
   * file into its typed structs (dropping unknown fields, normalising {@code expires}, omitting empty
   * {@code paths}) and re-serializes that to hash it for the snapshot (reference section 1.5), so
   * the typed re-encoding must give the same bytes, not only the generic {@link #canonical()} one.
   */
  public boolean isFixedPoint() {
    return TufCodec.encode(signed, signatures).equals(bytes);
  }
}
