package dev.hallmark.tuf.json;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * Go's standard {@code encoding/json} output for values notary writes with {@code json.Marshal}
 * (changelist files and their payloads, HTTP bodies that are not signed metadata): members in the
 * given order, no whitespace, strings HTML-escaped. Raw embedded JSON (target {@code custom}) keeps its member order, as Go's compactor.
 */
public final class GoJson {
  private GoJson() {}

  /** The bytes Go's {@code json.Marshal} writes for the value. */
  public static byte[] encode(Json value) {
    var out = new ByteArrayOutputStream(128);
    write(value, out);
    return out.toByteArray();
  }

  /** Appends the value as {@link #encode} writes it. */
  public static void write(Json value, ByteArrayOutputStream out) {
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
      case Json.Num n -> out.writeBytes(Long.toString(n.value()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      case Json.Bool b -> out.writeBytes((b.value() ? "true" : "false").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      case Json.Null ignored -> out.writeBytes("null".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }
}
