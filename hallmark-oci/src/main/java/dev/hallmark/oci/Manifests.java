package dev.hallmark.oci;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest codec: parses pushed manifest bytes into a {@link Manifest} and writes the OCI index
 * the referrers API returns.
 */
public final class Manifests {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
      .build();

  private Manifests() {}

  /**
   * Parses a manifest. The media type comes from the document's {@code mediaType} member, else from
   * {@code contentType}; when both are present they must agree (distribution spec "Pushing Manifests").
   *
   * @param contentType the {@code Content-Type} of the upload, empty when absent
   * @throws OciFormatException when the bytes are not a manifest of a supported type
   */
  public static Manifest parse(byte[] bytes, Optional<MediaType> contentType) {
    Map<String, Object> doc = asObject(readTree(bytes), "manifest");
    Object schema = doc.get("schemaVersion");
    if (!(schema instanceof Long v) || v != 2) {
      throw new OciFormatException("schemaVersion must be 2");
    }
    Optional<MediaType> declared = Optional.ofNullable(doc.get("mediaType")).map(m -> new MediaType(asString(m, "mediaType")));
    MediaType type;
    if (declared.isPresent()) {
      type = declared.get();
      if (contentType.isPresent() && contentType.get().isManifest() && !contentType.get().equals(type)) {
        throw new OciFormatException("mediaType " + type + " does not match Content-Type " + contentType.get());
      }
    } else if (contentType.isPresent() && contentType.get().isManifest()) {
      type = contentType.get();
    } else {
      type = doc.containsKey("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
    }
    if (type.equals(MediaType.DOCKER_MANIFEST) && declared.isEmpty()) {
      throw new OciFormatException("a Docker schema 2 manifest must declare its mediaType");
    }
    String artifactType = doc.containsKey("artifactType") ? new MediaType(asString(doc.get("artifactType"), "artifactType")).value() : "";
    Optional<Descriptor> subject = doc.containsKey("subject")
        ? Optional.of(descriptor(doc.get("subject"), "subject")) : Optional.empty();
    Map<String, String> annotations = annotations(doc.get("annotations"), "annotations");
    if (type.isIndex()) {
      if (doc.containsKey("config") || doc.containsKey("layers")) {
        throw new OciFormatException("an index has no config or layers");
      }
      return new ImageIndex(type, descriptors(doc.get("manifests"), "manifests"), artifactType, subject, annotations);
    }
    if (!type.isManifest()) {
      throw new OciFormatException("unsupported manifest media type: " + type);
    }
    if (doc.containsKey("manifests")) {
      throw new OciFormatException("an image manifest has no manifests member");
    }
    if (!doc.containsKey("config")) {
      throw new OciFormatException("config is required");
    }
    Descriptor config = descriptor(doc.get("config"), "config");
    if (!artifactType.isEmpty() && type.equals(MediaType.DOCKER_MANIFEST)) {
      throw new OciFormatException("artifactType is not part of Docker schema 2");
    }
    return new ImageManifest(type, config, descriptors(doc.get("layers"), "layers"), artifactType, subject, annotations);
  }

  /** The OCI index listing {@code manifests}, as the referrers API answers. */
  public static byte[] encodeIndex(List<Descriptor> manifests) {
    var out = new ByteArrayOutputStream(256 + 200 * manifests.size());
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schemaVersion", 2);
      g.writeStringField("mediaType", MediaType.OCI_INDEX.value());
      g.writeArrayFieldStart("manifests");
      for (Descriptor d : manifests) {
        g.writeStartObject();
        g.writeStringField("mediaType", d.mediaType().value());
        g.writeStringField("digest", d.digest().toString());
        g.writeNumberField("size", d.size());
        if (!d.artifactType().isEmpty()) {
          g.writeStringField("artifactType", d.artifactType());
        }
        if (!d.annotations().isEmpty()) {
          g.writeObjectFieldStart("annotations");
          for (var e : new java.util.TreeMap<>(d.annotations()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Descriptor descriptor(Object node, String where) {
    Map<String, Object> o = asObject(node, where);
    if (!o.containsKey("mediaType") || !o.containsKey("digest") || !o.containsKey("size")) {
      throw new OciFormatException(where + ": mediaType, digest and size are required");
    }
    MediaType mt = new MediaType(asString(o.get("mediaType"), where + ".mediaType"));
    Digest digest;
    try {
      digest = Digest.parse(asString(o.get("digest"), where + ".digest"));
    } catch (OciFormatException e) {
      throw new OciFormatException(where + ": " + e.getMessage());
    }
    if (!(o.get("size") instanceof Long size) || size < 0) {
      throw new OciFormatException(where + ".size must be a non-negative integer");
    }
    String at = o.containsKey("artifactType") ? new MediaType(asString(o.get("artifactType"), where + ".artifactType")).value() : "";
    return new Descriptor(mt, digest, size, at, annotations(o.get("annotations"), where + ".annotations"));
  }

  private static List<Descriptor> descriptors(Object node, String where) {
    if (node == null) {
      throw new OciFormatException(where + " is required");
    }
    if (!(node instanceof List<?> list)) {
      throw new OciFormatException(where + " must be an array");
    }
    var out = new ArrayList<Descriptor>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(descriptor(list.get(i), where + "[" + i + "]"));
    }
    return out;
  }

  private static Map<String, String> annotations(Object node, String where) {
    if (node == null) {
      return Map.of();
    }
    var out = new LinkedHashMap<String, String>();
    for (var e : asObject(node, where).entrySet()) {
      out.put(e.getKey(), asString(e.getValue(), where + "." + e.getKey()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object node, String where) {
    if (node instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new OciFormatException(where + " must be an object");
  }

  private static String asString(Object node, String where) {
    if (node instanceof String s) {
      return s;
    }
    throw new OciFormatException(where + " must be a string");
  }

  /** JSON into maps, lists, strings, longs, doubles, booleans and NULL; duplicate keys refused. */
  static Object readTree(byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new OciFormatException("empty manifest");
      }
      Object root = value(p, t);
      if (p.nextToken() != null) {
        throw new OciFormatException("trailing data after the manifest");
      }
      return root;
    } catch (IOException e) {
      throw new OciFormatException("manifest is not valid JSON: " + Digest.truncate(String.valueOf(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())), e);
    }
  }

  private static final Object NULL = new Object();

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        var m = new LinkedHashMap<String, Object>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          Object v = value(p, p.nextToken());
          if (m.put(name, v) != null) {
            throw new OciFormatException("duplicate member " + Digest.truncate(name));
          }
        }
        yield m;
      }
      case START_ARRAY -> {
        var l = new ArrayList<Object>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(value(p, e));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
          throw new OciFormatException("integer out of range");
        }
        yield p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> NULL;
      default -> throw new OciFormatException("unexpected JSON token " + t);
    };
  }
}
