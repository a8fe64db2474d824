package dev.hallmark.tuf.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Parses JSON strictly: one value, no duplicate members, integers only, no lone surrogates.
 *
 * <p>Stricter than Go's decoder on purpose: a document two parsers can read differently (duplicate
 * members, fractions, unpaired surrogates) is refused instead of guessed at.
 */
public final class JsonReader {
  private final JsonFactory factory;
  private final JsonLimits limits;

  public JsonReader(JsonLimits limits) {
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth())
                    .maxStringLength(limits.maxStringLength())
                    .maxNameLength(limits.maxStringLength())
                    .maxNumberLength(40)
                    .build())
            .build();
  }

  /** A reader with {@link JsonLimits#METADATA}. */
  public static JsonReader forMetadata() {
    return Holder.METADATA;
  }

  private static final class Holder {
    static final JsonReader METADATA = new JsonReader(JsonLimits.METADATA);
  }

  /**
   * Parses one JSON document.
   *
   * @throws JsonException when the bytes are not a single acceptable JSON value
   */
  public Json parse(byte[] bytes) {
    try (JsonParser p = factory.createParser(bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new JsonException("empty document");
      }
      Json value = read(p, first, 1);
      if (p.nextToken() != null) {
        throw new JsonException("unexpected data after the JSON value");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new JsonException(firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new JsonException("unreadable JSON: " + e.getMessage(), e);
    }
  }

  private Json read(JsonParser p, JsonToken t, int depth) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        var members = new LinkedHashMap<String, Json>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = checked(p.currentName());
          if (members.size() >= limits.maxMembers()) {
            throw new JsonException("object has more than " + limits.maxMembers() + " members");
          }
          members.put(name, read(p, p.nextToken(), depth + 1));
        }
        yield new Json.Obj(members);
      }
      case START_ARRAY -> {
        List<Json> items = new ArrayList<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
          if (items.size() >= limits.maxMembers()) {
            throw new JsonException("array has more than " + limits.maxMembers() + " items");
          }
          items.add(read(p, k, depth + 1));
        }
        yield new Json.Arr(items);
      }
      case VALUE_STRING -> new Json.Str(checked(p.getText()));
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new JsonException("integer out of range: " + p.getText());
        }
        long v = p.getLongValue();
        // notary verifies over MarshalCanonical of json.Unmarshal into interface{}: every number
        // becomes a float64 and is written back as int64(f) (reference tuf/signed/verify.go,
        // canonical/json encode.go floatEncoder). An integer that does not survive that trip
        // would be verified by notary over other digits than ours.
        double f = v;
        if (f >= 0x1p63 || (long) f != v) {
          throw new JsonException("integer " + v + " is not exactly representable as a float64");
        }
        yield new Json.Num(v);
      }
      case VALUE_NUMBER_FLOAT ->
          throw new JsonException("only integers are allowed in canonical JSON: " + p.getText());
      case VALUE_TRUE -> new Json.Bool(true);
      case VALUE_FALSE -> new Json.Bool(false);
      case VALUE_NULL -> Json.Null.INSTANCE;
      default -> throw new JsonException("unexpected JSON token " + t);
    };
  }

  private static String checked(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new JsonException("string contains an unpaired surrogate escape");
      }
      if (Character.isLowSurrogate(c)) {
        throw new JsonException("string contains an unpaired surrogate escape");
      }
    }
    return s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
