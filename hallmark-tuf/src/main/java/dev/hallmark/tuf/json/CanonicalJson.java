package dev.hallmark.tuf.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The two JSON byte forms notary 0.7 produces.
 *
 * <ul>
 *   <li>{@link #encode canonical}: what is signed. Object members sorted by the UTF-8 bytes of their
 *       names, no whitespace, only {@code "} and {@code \} escaped, every other character raw.
 *       (reference vendor github.com/docker/go/canonical/json encode.go, {@code canonical} mode)
 *   <li>{@link #fileForm file form}: what is written to files and sent over HTTP. The canonical bytes
 *       passed through Go's HTML-escaping compactor: {@code < > &} become {@code \u003c \u003e
 *       \u0026}, U+2028/U+2029 become {@code \u2028 \u2029}; a raw control character cannot be
 *       written at all. (same package, indent.go {@code compact})
 * </ul>
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical bytes of a value. */
  public static byte[] encode(Json value) {
    var out = new ByteArrayOutputStream(256);
    write(value, out);
    return out.toByteArray();
  }

  /**
   * The file form of canonical bytes.
   *
   * @throws JsonException when a string holds a control character, which Go refuses to write
   */
  public static byte[] fileForm(byte[] canonical) {
    var out = new ByteArrayOutputStream(canonical.length + 16);
    boolean inString = false;
    for (int i = 0; i < canonical.length; i++) {
      int b = canonical[i] & 0xff;
      if (inString) {
        if (b == '\\') {
          out.write(b);
          out.write(canonical[++i]);
          continue;
        }
        if (b == '"') {
          inString = false;
        } else if (b < 0x20) {
          throw new JsonException("a string holds control character 0x" + Integer.toHexString(b)
              + ", which notary cannot encode");
        }
      } else if (b == '"') {
        inString = true;
      }
      if (b == '<' || b == '>' || b == '&') {
        out.writeBytes(("\\u00" + HEX[b >> 4] + HEX[b & 0xf]).getBytes(StandardCharsets.US_ASCII));
      } else if (b == 0xE2 && i + 2 < canonical.length && (canonical[i + 1] & 0xff) == 0x80
          && ((canonical[i + 2] & 0xff) & ~1) == 0xA8) {
        out.writeBytes(("\\u202" + HEX[canonical[i + 2] & 0xf]).getBytes(StandardCharsets.US_ASCII));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  /**
   * Appends a string in Go's plain (non-canonical) JSON form, as used for the signature objects of
   * the envelope: quotes and backslashes escaped, {@code < > &} and control characters as escapes,
   * U+2028/U+2029 escaped.
   */
  public static void writePlainString(String s, ByteArrayOutputStream out) {
    out.write('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.writeBytes(new byte[] {'\\', '"'});
        case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
        case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
        case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
        case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
        case '\u2028', '\u2029' ->
            out.writeBytes(("\\u202" + HEX[c & 0xf]).getBytes(StandardCharsets.US_ASCII));
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out.writeBytes(("\\u00" + HEX[c >> 4] + HEX[c & 0xf]).getBytes(StandardCharsets.US_ASCII));
          } else if (c < 0x80) {
            out.write(c);
          } else {
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
            i = end - 1;
          }
        }
      }
    }
    out.write('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void write(Json value, ByteArrayOutputStream out) {
    switch (value) {
      case Json.Obj o -> {
        out.write('{');
        boolean first = true;
        for (Map.Entry<byte[], Json> e : sorted(o.members())) {
          if (!first) {
            out.write(',');
          }
          first = false;
          writeCanonicalString(e.getKey(), out);
          out.write(':');
          write(e.getValue(), out);
        }
        out.write('}');
      }
      case Json.Arr a -> {
        out.write('[');
        for (int i = 0; i < a.items().size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          write(a.items().get(i), out);
        }
        out.write(']');
      }
      case Json.Str s -> writeCanonicalString(s.value().getBytes(StandardCharsets.UTF_8), out);
      case Json.Num n -> out.writeBytes(Long.toString(n.value()).getBytes(StandardCharsets.US_ASCII));
      case Json.Bool b -> out.writeBytes((b.value() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
      case Json.Null ignored -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static List<Map.Entry<byte[], Json>> sorted(Map<String, Json> members) {
    List<Map.Entry<byte[], Json>> entries = new ArrayList<>(members.size());
    for (Map.Entry<String, Json> e : members.entrySet()) {
      entries.add(Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()));
    }
    // Go sorts map keys and canonical struct fields by byte order of their UTF-8 encoding
    entries.sort((x, y) -> Arrays.compareUnsigned(x.getKey(), y.getKey()));
    return entries;
  }

  private static void writeCanonicalString(byte[] utf8, ByteArrayOutputStream out) {
    out.write('"');
    int start = 0;
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b == '"' || b == '\\') {
        out.write(utf8, start, i - start);
        out.write('\\');
        start = i;
      }
    }
    out.write(utf8, start, utf8.length - start);
    out.write('"');
  }

}
