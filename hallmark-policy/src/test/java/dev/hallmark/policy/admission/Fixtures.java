package dev.hallmark.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** The AdmissionReview documents under {@code src/test/resources/admission/}, and a JSONPatch applier. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {
  }

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/admission/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String name) {
    return (ObjectNode) read(bytes(name));
  }

  static JsonNode read(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AdmissionReview review(String name) {
    return new ReviewCodec().decode(bytes(name));
  }

  /**
   * Applies an RFC 6902 patch of {@code replace} operations to a copy of {@code document}, as the
   * apiserver does: a replace of a path that does not exist fails.
   */
  static JsonNode applyPatch(JsonNode document, String base64Patch) {
    JsonNode ops = read(Base64.getDecoder().decode(base64Patch));
    JsonNode doc = document.deepCopy();
    for (JsonNode op : ops) {
      if (!op.path("op").asText().equals("replace")) {
        throw new AssertionError("unexpected op " + op);
      }
      String path = op.path("path").asText();
      int slash = path.lastIndexOf('/');
      JsonNode parent = doc.at(path.substring(0, slash));
      String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      if (parent.isObject() && parent.has(last)) {
        ((ObjectNode) parent).set(last, op.path("value"));
      } else if (parent.isArray() && last.matches("[0-9]+") && Integer.parseInt(last) < parent.size()) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), op.path("value"));
      } else {
        throw new AssertionError("replace of a missing path " + path);
      }
    }
    return doc;
  }
}
