package dev.hallmark.tuf.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canonical and file forms against the worked examples of the reference (section 2.3). */
class CanonicalJsonTest {
  private static final JsonReader READER = JsonReader.forMetadata();

  private static String canonical(String json) {
    return new String(CanonicalJson.encode(READER.parse(utf8(json))), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sortsMembersAndDropsWhitespace() {
    // reference 2.3 example 1
    assertThat(canonical("{ \"b\": 2, \"a\": [3, 1], \"c\": {\"z\": null, \"y\": true} }"))
        .isEqualTo("{\"a\":[3,1],\"b\":2,\"c\":{\"y\":true,\"z\":null}}");
  }

  @Test
  void escapesOnlyQuoteAndBackslashInCanonicalStrings() {
    // reference 2.3 example 2: control characters, <>&, non-ASCII and U+2028 stay raw
    String in = "{\"name\":\"a<b>&c\",\"ctl\":\"tab\\there\\nnl\",\"uni\":\"é✓\\u2028\",\"q\":\"\\\"\\\\\"}";
    assertThat(CanonicalJson.encode(READER.parse(utf8(in))))
        .isEqualTo(utf8("{\"ctl\":\"tab\there\nnl\",\"name\":\"a<b>&c\",\"q\":\"\\\"\\\\\",\"uni\":\"é✓\u2028\"}"));
  }

  @Test
  void keepsEveryControlCharacterRaw() {
    var b = Json.object();
    var expected = new StringBuilder("{");
    for (char c = 0; c < 0x20; c++) {
      b.put(String.format("k%02x", (int) c), Json.of("x" + c));
    }
    for (char c = 0; c < 0x20; c++) {
      expected.append(c == 0 ? "" : ",").append(String.format("\"k%02x\":\"x", (int) c)).append(c).append('"');
    }
    assertThat(new String(CanonicalJson.encode(b.build()), StandardCharsets.UTF_8)).isEqualTo(expected + "}");
  }

  @Test
  void sortsNamesByUtf8BytesNotUtf16Units() {
    // U+1F600 is D83D DE00 in UTF-16 (before U+E000..U+FFFF) but F0 9F 98 80 in UTF-8 (after EF ..)
    Json o = Json.object()
        .put("\uD83D\uDE00", Json.of(1))
        .put("\uFF61", Json.of(2))
        .put("\uE000", Json.of(3))
        .put("é", Json.of(4))
        .put("k2", Json.of(5))
        .put("_a", Json.of(6))
        .put("K1", Json.of(7))
        .build();
    assertThat(new String(CanonicalJson.encode(o), StandardCharsets.UTF_8))
        .isEqualTo("{\"K1\":7,\"_a\":6,\"k2\":5,\"é\":4,\"\uE000\":3,\"\uFF61\":2,\"\uD83D\uDE00\":1}");
  }

  @Test
  void writesIntegersAsGoDoes() {
    // reference 2.3 example 3; -0 decodes to 0. 1e3 and integers beyond float64 precision are
    // refused by the reader instead (see JsonReaderTest), since Go's verifier would rewrite them.
    assertThat(canonical("{\"neg\": -0, \"max\": 9007199254740992, \"min\": -9007199254740992}"))
        .isEqualTo("{\"max\":9007199254740992,\"min\":-9007199254740992,\"neg\":0}");
    assertThat(new String(CanonicalJson.encode(Json.of(Long.MIN_VALUE)), StandardCharsets.US_ASCII))
        .isEqualTo("-9223372036854775808");
  }

  @Test
  void keyIdInputOfTheReferenceHashesToTheKnownId() {
    // reference 2.3 example 4 (ed25519 timestamp key), given non-canonically as the server serves it
    String served = "{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"7Brd4YjZxCH9s7aeR8Whfc04JLmv9RRO2EgNigep6BE=\",\"private\":null}}";
    byte[] c = CanonicalJson.encode(READER.parse(utf8(served)));
    assertThat(new String(c, StandardCharsets.UTF_8)).isEqualTo(
        "{\"keytype\":\"ed25519\",\"keyval\":{\"private\":null,\"public\":\"7Brd4YjZxCH9s7aeR8Whfc04JLmv9RRO2EgNigep6BE=\"}}");
    assertThat(dev.hallmark.tuf.Bytes.wrap(c).sha256().hex())
        .isEqualTo("ae27c07c2e3a7b18b62879fc328e42688848319998561c1323f555ab79272192");
  }

  @Test
  void fileFormEscapesHtmlCharactersAndLineSeparators() {
    String in = "{\"name\":\"a<b>&c\",\"uni\":\"é✓\\u2028\\u2029\",\"q\":\"\\\"\\\\\"}";
    byte[] file = CanonicalJson.fileForm(CanonicalJson.encode(READER.parse(utf8(in))));
    assertThat(new String(file, StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"a\\u003cb\\u003e\\u0026c\",\"q\":\"\\\"\\\\\",\"uni\":\"é✓\\u2028\\u2029\"}");
  }

  @Test
  void fileFormOfTargetNameMatchesReferenceExample() {
    // reference 2.3 example 5
    byte[] file = CanonicalJson.fileForm(utf8("{\"v1<&>\":{}}"));
    assertThat(new String(file, StandardCharsets.UTF_8)).isEqualTo("{\"v1\\u003c\\u0026\\u003e\":{}}");
  }

  @Test
  void fileFormKeepsOtherThreeByteCharactersAndEscapedQuotes() {
    // E2 80 AA (U+202A) and E2 81 A8 (U+2068) look like U+2028 but are not escaped
    String s = "{\"a\":\"\u202A\u2068\\\\<\\\"&\"}";
    assertThat(new String(CanonicalJson.fileForm(utf8(s)), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"\u202A\u2068\\\\\\u003c\\\"\\u0026\"}");
  }

  @Test
  void fileFormRefusesRawControlCharacters() {
    // Go's compactor fails on them: `notary publish` of target "bad\nname" errors (reference 2.2)
    byte[] canonical = CanonicalJson.encode(Json.object().put("t", Json.of("bad\nname")).build());
    assertThatThrownBy(() -> CanonicalJson.fileForm(canonical))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("0xa");
  }

  @Test
  void plainStringsEscapeAsGoJsonMarshal() {
    // reference 2.3 example 2, plain form of each string
    assertThat(plain("tab\there\nnl")).isEqualTo("\"tab\\there\\nnl\"");
    assertThat(plain("a<b>&c")).isEqualTo("\"a\\u003cb\\u003e\\u0026c\"");
    assertThat(plain("é✓\u2028\u2029")).isEqualTo("\"é✓\\u2028\\u2029\"");
    assertThat(plain("\"\\")).isEqualTo("\"\\\"\\\\\"");
    assertThat(plain("\r\u0001\u001f\u007f")).isEqualTo("\"\\r\\u0001\\u001f\u007f\"");
    assertThat(plain("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
  }

  private static String plain(String s) {
    var out = new ByteArrayOutputStream();
    CanonicalJson.writePlainString(s, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
