package dev.hallmark.keys;

import dev.hallmark.tuf.Pem;
import java.util.Map;

/**
 * Encodes PEM blocks byte for byte as Go's {@code encoding/pem}: {@code Proc-Type} first when present
 * (OpenSSL needs it there), the other headers sorted, a blank line, base64 at 64 columns.
 */
final class PemText {
  private PemText() {}

  static String encode(Pem block) {
    var sb = new StringBuilder();
    sb.append("-----BEGIN ").append(block.type()).append("-----\n");
    Map<String, String> headers = block.headers();
    if (!headers.isEmpty()) {
      String procType = headers.get("Proc-Type");
      if (procType != null) {
        sb.append("Proc-Type: ").append(procType).append('\n');
      }
      headers.entrySet().stream()
          .filter(e -> !e.getKey().equals("Proc-Type"))
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
      sb.append('\n');
    }
    String b64 = block.content().base64();
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append("-----END ").append(block.type()).append("-----\n");
    return sb.toString();
  }
}
