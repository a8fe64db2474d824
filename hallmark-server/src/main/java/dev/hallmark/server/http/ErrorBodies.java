package dev.hallmark.server.http;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.tuf.json.CanonicalJson;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The error body of the trust API: {@code {"errors":[{"code","message","detail"}]}} and a newline,
 * members in that order, {@code detail} omitted when absent (reference distribution errcode).
 * Bodies stay under 1 KiB, the most the notary client reads of a 400.
 */
final class ErrorBodies {
  /** Largest encoded size of one detail string; escaping can make a character six bytes long. */
  private static final int MAX_DETAIL_STRING_BYTES = 600;
  /** The notary client reads at most 1 KiB of a 400 body (reference storage/httpstore.go). */
  private static final int MAX_BODY_BYTES = 1023;

  private ErrorBodies() {}

  static byte[] of(String code, String message, Json detail) {
    byte[] body = encode(code, message, detail, MAX_DETAIL_STRING_BYTES);
    for (int limit = MAX_DETAIL_STRING_BYTES / 2; body.length > MAX_BODY_BYTES && limit >= 16; limit /= 2) {
      body = encode(code, message, detail, limit);
    }
    return body;
  }

  private static byte[] encode(String code, String message, Json detail, int maxStringBytes) {
    var out = new ByteArrayOutputStream(160);
    out.writeBytes("{\"errors\":[{\"code\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(code, out);
    out.writeBytes(",\"message\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(message, out);
    if (detail != null) {
      out.writeBytes(",\"detail\":".getBytes(StandardCharsets.US_ASCII));
      GoJson.write(truncate(detail, maxStringBytes), out);
    }
    out.writeBytes("}]}\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static byte[] of(ErrorCode code, Json detail) {
    return of(code.name(), code.message(), detail);
  }

  private static Json truncate(Json j, int maxBytes) {
    return switch (j) {
      case Json.Str s when encodedLength(s.value()) > maxBytes -> Json.of(prefix(s.value(), maxBytes - 3) + "…");
      case Json.Obj o -> {
        var b = Json.object();
        o.members().forEach((k, v) -> b.put(k, truncate(v, maxBytes)));
        yield b.build();
      }
      default -> j;
    };
  }

  /** The longest prefix whose encoding fits, never splitting a surrogate pair. */
  private static String prefix(String s, int maxBytes) {
    int lo = 0;
    int hi = s.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (encodedLength(s.substring(0, mid)) <= maxBytes) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (lo > 0 && Character.isHighSurrogate(s.charAt(lo - 1))) {
      lo--;
    }
    return s.substring(0, lo);
  }

  private static int encodedLength(String s) {
    var out = new ByteArrayOutputStream(s.length() + 2);
    CanonicalJson.writePlainString(s, out);
    return out.size();
  }
}
