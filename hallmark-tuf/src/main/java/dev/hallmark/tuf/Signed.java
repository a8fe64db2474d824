package dev.hallmark.tuf;

import dev.hallmark.tuf.json.CanonicalJson;
import dev.hallmark.tuf.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * Whether the file opens as notary writes every file: {@code {"signed":}, then {@link #canonical()}
   * in file form (reference section 2.2), then {@code ,"signatures":}. Signatures verify over the
   * re-canonicalized content whatever its spelling, so a file whose signed part has other whitespace,
   * member order or escapes verifies too; but its bytes are not what was signed, and Go clients that
   * re-encode it hash other bytes. Looser than {@link #isFixedPoint()}: the signatures may be spelled
   * as Go reads them (e.g. an upper-case {@code method}).
   */
  public boolean hasCanonicalSigned() {
    byte[] form;
    try {
      form = CanonicalJson.fileForm(canonical.unsafeArray());
    } catch (JsonException e) {
      return false;
    }
    byte[] head = "{\"signed\":".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ",\"signatures\":".getBytes(StandardCharsets.US_ASCII);
    byte[] file = bytes.unsafeArray();
    int end = head.length + form.length;
    return file.length >= end + tail.length
        && Arrays.equals(file, 0, head.length, head, 0, head.length)
        && Arrays.equals(file, head.length, end, form, 0, form.length)
        && Arrays.equals(file, end, end + tail.length, tail, 0, tail.length);
  }
}
