package dev.hallmark.server.http;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.tuf.json.CanonicalJson;
import dev.hallmark.tuf.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The error body of the trust API: {@code {"errors":[{"code","message","detail"}]}} and a newline,
 * members in that order, {@code detail} omitted when absent (reference distribution errcode).
 * Bodies stay under 1 KiB, the most the notary client reads of a 400.
 */
final class ErrorBodies {
  private static final int MAX_DETAIL_STRING = 600;

  private ErrorBodies() {}

  static byte[] of(String code, String message, Json detail) {
    var out = new ByteArrayOutputStream(160);
    out.writeBytes("{\"errors\":[{\"code\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(code, out);
    out.writeBytes(",\"message\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(message, out);
    if (detail != null) {
      out.writeBytes(",\"detail\":".getBytes(StandardCharsets.US_ASCII));
      PlainJson.write(truncate(detail), out);
    }
    out.writeBytes("}]}\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static byte[] of(ErrorCode code, Json detail) {
    return of(code.name(), code.message(), detail);
  }

  private static Json truncate(Json j) {
    return switch (j) {
      case Json.Str s when s.value().length() > MAX_DETAIL_STRING -> Json.of(s.value().substring(0, MAX_DETAIL_STRING) + "…");
      case Json.Obj o -> {
        var b = Json.object();
        o.members().forEach((k, v) -> b.put(k, truncate(v)));
        yield b.build();
      }
      default -> j;
    };
  }
}
