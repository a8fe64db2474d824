package dev.hallmark.tuf.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON value as TUF metadata uses it: objects keep member order, numbers are integers only.
 *
 * <p>Canonical JSON as notary signs it cannot express fractions, so a fractional number is a parse
 * error rather than a value of this type.
 */
public sealed interface Json {

  /** A JSON object; member order is the order of the source (canonical encoding sorts it). */
  record Obj(Map<String, Json> members) implements Json {
    public Obj {
      members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
      members.keySet().forEach(Json::requireWellFormed);
    }

    /** The member of that name, or {@code null} when absent. */
    public Json get(String name) {
      return members.get(name);
    }
  }

  /** A JSON array. */
  record Arr(List<Json> items) implements Json {
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A JSON string. */
  record Str(String value) implements Json {
    /** @throws IllegalArgumentException for an unpaired surrogate, which UTF-8 cannot encode */
    public Str {
      requireWellFormed(value);
    }
  }

  /** A JSON integer. */
  record Num(long value) implements Json {}

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements Json {}

  /** JSON {@code null}. */
  record Null() implements Json {
    /** The only instance anyone needs. */
    public static final Null INSTANCE = new Null();
  }

  // Java strings may hold unpaired surrogates; their UTF-8 form would silently become '?'
  private static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("string holds an unpaired surrogate at index " + i);
      }
    }
  }

  static Str of(String s) {
    return new Str(s);
  }

  static Num of(long n) {
    return new Num(n);
  }

  static Bool of(boolean b) {
    return new Bool(b);
  }

  /** An object builder keeping insertion order. */
  static ObjBuilder object() {
    return new ObjBuilder();
  }

  /** Builds a {@link Obj}. */
  final class ObjBuilder {
    private final LinkedHashMap<String, Json> members = new LinkedHashMap<>();

    private ObjBuilder() {}

    public ObjBuilder put(String name, Json value) {
      members.put(name, Objects.requireNonNull(value));
      return this;
    }

    public Obj build() {
      return new Obj(members);
    }
  }
}
