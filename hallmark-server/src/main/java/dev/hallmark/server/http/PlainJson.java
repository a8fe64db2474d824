package dev.hallmark.server.http;

import dev.hallmark.tuf.json.CanonicalJson;
import dev.hallmark.tuf.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON for HTTP bodies that are not signed metadata: members in insertion order, Go's escaping. */
final class PlainJson {
  private PlainJson() {}

  static byte[] encode(Json value) {
    var out = new ByteArrayOutputStream(128);
    write(value, out);
    return out.toByteArray();
  }

  static void write(Json value, ByteArrayOutputStream out) {
    switch (value) {
      case Json.Obj o -> {
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, Json> e : o.members().entrySet()) {
          if (!first) {
            out.write(',');
          }
          first = false;
          CanonicalJson.writePlainString(e.getKey(), out);
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
      case Json.Str s -> CanonicalJson.writePlainString(s.value(), out);
      case Json.Num n -> out.writeBytes(Long.toString(n.value()).getBytes(StandardCharsets.US_ASCII));
      case Json.Bool b -> out.writeBytes(Boolean.toString(b.value()).getBytes(StandardCharsets.US_ASCII));
      case Json.Null ignored -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
    }
  }
}
