package dev.hallmark.registry.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import dev.hallmark.registry.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The registry's JSON bodies: errors, tag lists and the catalog (distribution spec shapes). */
final class RegistryJson {
  private static final JsonFactory JSON = new JsonFactory();

  private RegistryJson() {}

  @FunctionalInterface
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] encode(Writer w) {
    var out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** {@code {"errors":[{"code","message","detail"}]}}, detail omitted when absent. */
  static byte[] error(ErrorCode code, String message, String detail) {
    return encode(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("errors");
      g.writeStartObject();
      g.writeStringField("code", code.wireCode());
      g.writeStringField("message", message);
      if (detail != null) {
        g.writeStringField("detail", detail);
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** {@code {"name":…,"tags":[…]}}. */
  static byte[] tags(Repository repository, List<Tag> tags) {
    return encode(g -> {
      g.writeStartObject();
      g.writeStringField("name", repository.name());
      g.writeArrayFieldStart("tags");
      for (Tag t : tags) {
        g.writeString(t.value());
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** {@code {"repositories":[…]}}. */
  static byte[] catalog(List<Repository> repositories) {
    return encode(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("repositories");
      for (Repository r : repositories) {
        g.writeString(r.name());
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }
}
