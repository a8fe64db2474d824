package dev.hallmark.tuf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property checks over random JSON trees (seeded, so a failure reproduces). */
class JsonPropertyTest {
  private static final int CASES = 400;
  private static final JsonReader READER = JsonReader.forMetadata();

  // characters chosen to hit every special case of both encoders and of the member sort
  private static final String[] PIECES = {
      "a", "Z", "_", "0", " ", "\"", "\\", "/", "<", ">", "&", "é", "✓", "\u2028", "\u2029", "\u202A",
      "\u007f", "\u0080", "\u07ff", "\u0800", "\uE000", "\uFF61", "\uFFFD", "\uFFFF", "\uD83D\uDE00",
      "\uD800\uDC00", "\uDBFF\uDFFF", "targets/", "sha256",
  };

  @Test
  void parseOfEncodeGivesTheValueBack() {
    var random = new Random(20261127L);
    for (int i = 0; i < CASES; i++) {
      Json value = value(random, 0);
      byte[] canonical = CanonicalJson.encode(value);
      assertThat(READER.parse(canonical)).as("case %d", i).isEqualTo(value);
      assertThat(READER.parse(CanonicalJson.fileForm(canonical))).as("file form, case %d", i).isEqualTo(value);
    }
  }

  @Test
  void encodeIsIdempotent() {
    var random = new Random(7L);
    for (int i = 0; i < CASES; i++) {
      byte[] once = CanonicalJson.encode(value(random, 0));
      assertThat(CanonicalJson.encode(READER.parse(once))).as("case %d", i).isEqualTo(once);
      byte[] file = CanonicalJson.fileForm(once);
      assertThat(CanonicalJson.fileForm(CanonicalJson.encode(READER.parse(file)))).isEqualTo(file);
    }
  }

  @Test
  void fileFormHasNoRawHtmlCharactersOrLineSeparators() {
    var random = new Random(11L);
    for (int i = 0; i < CASES; i++) {
      String file = new String(CanonicalJson.fileForm(CanonicalJson.encode(value(random, 0))), StandardCharsets.UTF_8);
      assertThat(file).doesNotContain("<", ">", "&", "\u2028", "\u2029");
    }
  }

  @Test
  void membersComeOutInCodePointOrder() {
    // code point order is UTF-8 byte order: an independent oracle for the encoder's sort
    var random = new Random(3L);
    for (int i = 0; i < CASES; i++) {
      Map<String, Json> members = new java.util.LinkedHashMap<>();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        members.put(string(random), Json.of(k));
      }
      Json.Obj parsed = (Json.Obj) READER.parse(CanonicalJson.encode(new Json.Obj(members)));
      List<String> expected = new ArrayList<>(members.keySet());
      expected.sort(CODE_POINT_ORDER);
      assertThat(parsed.members().keySet()).containsExactlyElementsOf(expected);
    }
  }

  private static final Comparator<String> CODE_POINT_ORDER = (x, y) -> {
    int[] a = x.codePoints().toArray();
    int[] b = y.codePoints().toArray();
    return java.util.Arrays.compare(a, b);
  };

  private static Json value(Random r, int depth) {
    int kind = depth >= 4 ? 2 + r.nextInt(4) : r.nextInt(6);
    return switch (kind) {
      case 0 -> {
        var b = Json.object();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          b.put(string(r), value(r, depth + 1));
        }
        yield b.build();
      }
      case 1 -> {
        List<Json> items = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          items.add(value(r, depth + 1));
        }
        yield new Json.Arr(items);
      }
      case 2 -> Json.of(string(r));
      case 3 -> Json.of(switch (r.nextInt(4)) {
        case 0 -> r.nextInt(10);
        case 1 -> -r.nextInt(1000);
        case 2 -> r.nextLong() >> 11; // within +-2^53
        default -> r.nextBoolean() ? (1L << 53) : -(1L << 53);
      });
      case 4 -> Json.of(r.nextBoolean());
      default -> Json.Null.INSTANCE;
    };
  }

  private static String string(Random r) {
    var sb = new StringBuilder();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }
}
