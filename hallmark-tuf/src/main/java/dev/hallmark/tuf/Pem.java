package dev.hallmark.tuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PEM blocks as Go's {@code encoding/pem} reads and writes them: a type, optional {@code Key: value}
 * headers (notary uses {@code role}, {@code gun}, {@code path}), and base64 content at 64 columns.
 */
public record Pem(String type, Map<String, String> headers, Bytes content) {
  public Pem {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** All PEM blocks in the text, in order; text between blocks is ignored as Go does. */
  public static List<Pem> decodeAll(String text) {
    List<Pem> blocks = new ArrayList<>();
    int pos = 0;
    while (true) {
      int begin = text.indexOf("-----BEGIN ", pos);
      if (begin < 0) {
        return blocks;
      }
      int typeEnd = text.indexOf("-----", begin + 11);
      if (typeEnd < 0) {
        return blocks;
      }
      String type = text.substring(begin + 11, typeEnd);
      String endMarker = "-----END " + type + "-----";
      int end = text.indexOf(endMarker, typeEnd);
      if (end < 0) {
        return blocks;
      }
      String body = text.substring(typeEnd + 5, end);
      Map<String, String> headers = new LinkedHashMap<>();
      var b64 = new StringBuilder();
      boolean inHeaders = true;
      for (String line : body.split("\r?\n")) {
        String l = line.strip();
        if (l.isEmpty()) {
          if (!headers.isEmpty()) {
            inHeaders = false;
          }
          continue;
        }
        int colon = l.indexOf(':');
        if (inHeaders && colon > 0) {
          headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
          continue;
        }
        inHeaders = false;
        b64.append(l);
      }
      try {
        blocks.add(new Pem(type, headers, Bytes.wrap(Base64.getDecoder().decode(b64.toString()))));
      } catch (IllegalArgumentException e) {
        // Go skips a block whose base64 does not decode and goes on with the rest
      }
      pos = end + endMarker.length();
    }
  }

  /** The first block, or {@code null}. */
  public static Pem decodeFirst(String text) {
    List<Pem> all = decodeAll(text);
    return all.isEmpty() ? null : all.getFirst();
  }

  /** Encodes as Go does: headers sorted by name, a blank line after them, 64-column base64. */
  public String encode() {
    var sb = new StringBuilder();
    sb.append("-----BEGIN ").append(type).append("-----\n");
    if (!headers.isEmpty()) {
      headers.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
      sb.append('\n');
    }
    String b64 = content.base64();
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append("-----END ").append(type).append("-----\n");
    return sb.toString();
  }

  public byte[] encodeBytes() {
    return encode().getBytes(StandardCharsets.US_ASCII);
  }
}
