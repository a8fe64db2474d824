package dev.hallmark.tuf.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
  private static final JsonReader READER = JsonReader.forMetadata();

  private static Json parse(String s) {
    return READER.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Json parse(byte[] b) {
    return READER.parse(b);
  }

  @Test
  void readsEveryValueKindKeepingMemberOrder() {
    Json j = parse("{\"z\":[1,-2,true,false,null,\"s\"],\"a\":{}}");
    assertThat(j).isEqualTo(Json.object()
        .put("z", new Json.Arr(List.of(Json.of(1), Json.of(-2), Json.of(true), Json.of(false),
            Json.Null.INSTANCE, Json.of("s"))))
        .put("a", Json.object().build())
        .build());
    assertThat(((Json.Obj) j).members().keySet()).containsExactly("z", "a");
  }

  @Test
  void rejectsDuplicateMembers() {
    assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}")).isInstanceOf(JsonException.class)
        .hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> parse("{\"o\":{\"k\":1,\"k\":1}}")).isInstanceOf(JsonException.class);
  }

  @Test
  void doesNotConfuseEscapedAndRawSpellingsOfDistinctNames() {
    // "\u0061" is "a": a duplicate once decoded
    assertThatThrownBy(() -> parse("{\"a\":1,\"\\u0061\":2}")).isInstanceOf(JsonException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "-0.0", "1e3", "1E+2", "{\"f\":1.5}", "[0.1]"})
  void rejectsNonIntegerNumbers(String json) {
    // Go's canonical encoder fails on fractions; exponent forms never occur in what notary signs
    assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonException.class)
        .hasMessageContaining("integers");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345678901234567890", "-9223372036854775809", "99999999999999999999999999"})
  void rejectsIntegersOutsideLongRange(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {9007199254740993L, -9007199254740993L, 9223372036854775807L, -9223372036854775807L,
      1234567890123456789L})
  void rejectsIntegersThatGoReadsAsADifferentFloat64(long n) {
    // notary verifies over MarshalCanonical(map from json.Unmarshal): every number passes through
    // float64, so 2^53+1 is verified as 2^53 and a signature over the exact digits fails there
    assertThatThrownBy(() -> parse(Long.toString(n))).isInstanceOf(JsonException.class)
        .hasMessageContaining("float64");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, -1, 9007199254740992L, -9007199254740992L, 9007199254740994L,
      1152921504606846976L, -9223372036854775808L})
  void acceptsIntegersThatSurviveGosFloat64RoundTrip(long n) {
    assertThat(parse(Long.toString(n))).isEqualTo(Json.of(n));
  }

  @Test
  void readsMinusZeroAsZero() {
    assertThat(parse("-0")).isEqualTo(Json.of(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} x", "{}{}", "[1] 2", "{}]", "\"a\" \"b\"", "1 1", "null,"})
  void rejectsTrailingData(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonException.class);
  }

  @Test
  void acceptsTrailingWhitespaceOnly() {
    assertThat(parse(" {} \n\t")).isEqualTo(Json.object().build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "{\"a\"}", "{\"a\":}", "[1,]", "{\"a\":1,}", "{'a':1}",
      "{a:1}", "01", "+1", "NaN", "Infinity", "tru", "// c\n{}", "/* c */{}", "{\"a\":\"\\x\"}",
      "\"\\u12\""})
  void rejectsMalformedJson(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonException.class);
  }

  @Test
  void rejectsRawControlCharactersInStrings() {
    // canonical bytes with a raw control character are not JSON: neither Go nor we read them
    assertThatThrownBy(() -> parse("\"a\tb\"")).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> parse("\"a\nb\"")).isInstanceOf(JsonException.class);
    assertThat(parse("\"a\\tb\\u0001\"")).isEqualTo(Json.of("a\tb\u0001"));
  }

  @Test
  void enforcesDepthLimit() {
    var reader = new JsonReader(new JsonLimits(4, 100, 100));
    assertThat(reader.parse("[[[[1]]]]".getBytes(StandardCharsets.US_ASCII))).isNotNull();
    assertThat(reader.parse("{\"a\":{\"b\":{\"c\":{}}}}".getBytes(StandardCharsets.US_ASCII))).isNotNull();
    assertThatThrownBy(() -> reader.parse("[[[[[1]]]]]".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> reader.parse("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void metadataLimitStopsDeepNestingWithoutStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(JsonException.class);
    String ok = "[".repeat(JsonLimits.METADATA.maxDepth()) + "]".repeat(JsonLimits.METADATA.maxDepth());
    assertThat(parse(ok)).isInstanceOf(Json.Arr.class);
  }

  @Test
  void enforcesMemberLimit() {
    var reader = new JsonReader(new JsonLimits(8, 100, 2));
    assertThat(reader.parse("{\"a\":1,\"b\":2}".getBytes(StandardCharsets.US_ASCII))).isNotNull();
    assertThatThrownBy(() -> reader.parse("{\"a\":1,\"b\":2,\"c\":3}".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(JsonException.class).hasMessageContaining("more than 2");
    assertThatThrownBy(() -> reader.parse("[1,2,3]".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(JsonException.class).hasMessageContaining("more than 2");
  }

  @Test
  void enforcesStringLengthLimit() {
    var reader = new JsonReader(new JsonLimits(8, 1000, 100));
    assertThat(reader.parse(("\"" + "a".repeat(1000) + "\"").getBytes(StandardCharsets.US_ASCII))).isNotNull();
    assertThatThrownBy(() -> reader.parse(("\"" + "a".repeat(1001) + "\"").getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> reader.parse(("{\"" + "a".repeat(1001) + "\":1}").getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(JsonException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\\ud800\"", "\"\\udc00\"", "\"a\\ud800b\"", "\"\\ud800\\ud800\"", "\"\\udc00\\ud800\"",
      "{\"\\ud83d\":1}"})
  void rejectsLoneSurrogateEscapes(String json) {
    // Go turns them into U+FFFD, so the signed bytes would differ from what we verify
    assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonException.class);
  }

  @Test
  void acceptsPairedSurrogateEscapes() {
    assertThat(parse("\"\\ud83d\\ude00\"")).isEqualTo(Json.of("\uD83D\uDE00"));
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[][] bad = {
        {'"', (byte) 0xff, '"'},
        {'"', (byte) 0xc3, '"'},                                  // truncated sequence
        {'"', (byte) 0xc0, (byte) 0x80, '"'},                     // overlong NUL
        {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'},        // UTF-8 encoded surrogate (CESU-8)
        {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
    };
    for (byte[] b : bad) {
      assertThatThrownBy(() -> parse(b)).as("bytes %s", java.util.HexFormat.of().formatHex(b))
          .isInstanceOf(JsonException.class);
    }
  }
}
