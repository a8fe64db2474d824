package dev.hallmark.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoding strictness and the fixed-point property (reference section 10, trap 1): a file is a
 * fixed point when Go's parse into its typed struct and re-serialization gives the same bytes.
 * Cases start from a real notary file and change it in memory (the fixtures stay untouched).
 */
class TufCodecTest {
  private static final RoleName RELEASES = RoleName.delegation("targets/releases");

  private static String file(String rel) {
    return new String(Fixtures.read(Fixtures.NOTARY07.resolve(rel)).unsafeArray(), StandardCharsets.UTF_8);
  }

  private static Signed<? extends Metadata> decode(RoleName role, String text) {
    return TufCodec.decode(role, Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String replaceOnce(String s, String from, String to) {
    assertThat(s).contains(from);
    return s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  @Test
  void extraRootRoleEntriesRoundTripAndBaseRolesStayChecked() {
    // notary before 0.7 kept versioned root roles ("root.1") in roles for legacy clients; notary 0.7
    // writes none but decodes them as RootRoles, validates only the base roles and re-signs them
    String root = file("server/root.json");
    String legacy = replaceOnce(root, "},\"snapshot\":{", "},\"root.1\":{\"keyids\":[\"abc\"],\"threshold\":1},\"snapshot\":{");
    @SuppressWarnings("unchecked")
    Signed<Root> s = (Signed<Root>) decode(RoleName.ROOT, legacy);
    assertThat(s.isFixedPoint()).isTrue();
    assertThat(s.signed().roles()).hasSize(4);
    assertThat(s.signed().otherRoles()).containsOnlyKeys("root.1");
    assertThat(new String(s.canonical().unsafeArray(), StandardCharsets.UTF_8)).contains("\"root.1\":{\"keyids\":[\"abc\"],\"threshold\":1}");
    // kept by a re-signing copy
    Root next = s.signed().with(s.signed().version() + 1, s.signed().expires(), s.signed().keys(), s.signed().roles());
    assertThat(new String(TufCodec.canonical(next), StandardCharsets.UTF_8)).contains("\"root.1\":{");
    // Go's RootRole form: other members dropped, absent ones zero -> decodes, but no fixed point
    String odd = replaceOnce(root, "},\"snapshot\":{", "},\"root.1\":{\"extra\":true,\"threshold\":1},\"snapshot\":{");
    assertThat(decode(RoleName.ROOT, odd).isFixedPoint()).isFalse();
    // types Go cannot decode into a RootRole are rejected
    assertThatThrownBy(() -> decode(RoleName.ROOT, replaceOnce(root, "\"roles\":{", "\"roles\":{\"root.1\":{\"threshold\":\"1\"},")))
        .isInstanceOf(TufException.class);
    assertThatThrownBy(() -> decode(RoleName.ROOT, replaceOnce(root, "\"roles\":{", "\"roles\":{\"root.1\":7,")))
        .isInstanceOf(TufException.class);
    // base roles are still checked
    assertThatThrownBy(() -> decode(RoleName.ROOT, legacy.replaceFirst("\"threshold\":1}(,\"targets\")", "\"threshold\":0}$1")))
        .isInstanceOf(TufException.class);
    assertThatThrownBy(() -> decode(RoleName.ROOT, legacy.replace("\"timestamp\":{", "\"timestamp.x\":{")))
        .isInstanceOf(TufException.class).hasMessageContaining("missing timestamp role");
  }

  @Test
  void notaryFileIsAFixedPoint() {
    assertThat(decode(RELEASES, file("server/targets/releases.json")).isFixedPoint()).isTrue();
  }

  @Test
  void expiryWithZeroFractionIsNotAFixedPoint() {
    // the case that corrupted a repository in the reference's test (section 1.5)
    String f = file("server/targets/releases.json").replaceFirst("\"expires\":\"[^\"]+\"",
        "\"expires\":\"2030-01-01T00:00:00.000Z\"");
    Signed<? extends Metadata> s = decode(RELEASES, f);
    assertThat(s.signed().expires().toString()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(s.isFixedPoint()).isFalse();
    assertThat(TufCodec.encode(s.signed(), s.signatures()).length()).isEqualTo(s.bytes().length() - 4);
  }

  @Test
  void unknownFieldIsNotAFixedPointButIsSigned() {
    // Go drops unknown fields when it parses into its structs, so its re-serialization differs;
    // its verifier, though, re-canonicalizes the generic map, so the field is part of the message
    String f = replaceOnce(file("server/targets/releases.json"), "\"_type\":\"Targets\",",
        "\"_type\":\"Targets\",\"comment\":\"x\",");
    Signed<? extends Metadata> s = decode(RELEASES, f);
    assertThat(s.isFixedPoint()).isFalse();
    assertThat(new String(s.canonical().unsafeArray(), StandardCharsets.UTF_8)).contains("\"comment\":\"x\"");
  }

  @Test
  void emptyPathsAndMissingPrivateAreNotFixedPoints() {
    String targets = file("server/targets.json");
    String noPaths = replaceOnce(targets, "\"paths\":[\"qa/\"]", "\"paths\":[]");
    assertThat(decode(RoleName.TARGETS, noPaths).isFixedPoint()).isFalse(); // Go: paths omitempty
    String noPrivate = replaceOnce(targets, "\"private\":null,", "");
    assertThat(decode(RoleName.TARGETS, noPrivate).isFixedPoint()).isFalse(); // Go writes private:null
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"method\":\"ecdsa\"|\"method\":\"ECDSA\"",   // Go lower-cases on read
      "{\"signed\":|{ \"signed\":",                 // whitespace
      "\"hashes\":{\"sha256\"|\"hashes\":{ \"sha256\"",
  })
  void otherSpellingsAreNotFixedPoints(String from, String to) {
    String f = replaceOnce(file("server/targets/releases.json"), from, to);
    Signed<? extends Metadata> s = decode(RELEASES, f);
    assertThat(s.isFixedPoint()).isFalse();
  }

  @Test
  void signedPartMustBeSpelledAsNotaryWritesIt() {
    String f = file("server/targets/releases.json");
    assertThat(decode(RELEASES, f).hasCanonicalSigned()).isTrue();
    assertThat(decode(RoleName.TARGETS, file("server/targets.json")).hasCanonicalSigned()).isTrue(); // v1\u003c...
    // Go reads the signatures leniently; only the signed part and the envelope's opening are fixed
    assertThat(decode(RELEASES, replaceOnce(f, "\"method\":\"ecdsa\"", "\"method\":\"ECDSA\"")).hasCanonicalSigned()).isTrue();
    for (String[] change : List.of(
        new String[] {"{\"signed\":", "{ \"signed\":"},
        new String[] {"{\"signed\":{", "{\"signed\":{\n"},
        new String[] {"\"_type\":\"Targets\"", "\"_type\":\"\\u0054argets\""},
        new String[] {"\"hashes\":{\"sha256\"", "\"hashes\":{ \"sha256\""},
        new String[] {"},\"signatures\":", "} ,\"signatures\":"})) {
      assertThat(decode(RELEASES, replaceOnce(f, change[0], change[1])).hasCanonicalSigned()).as(change[1]).isFalse();
    }
    String html = replaceOnce(file("server/targets.json"), "v1\\u003c\\u0026\\u003e", "v1<&>");
    assertThat(decode(RoleName.TARGETS, html).hasCanonicalSigned()).isFalse();
  }

  @Test
  void unescapedHtmlCharactersAreNotAFixedPoint() {
    String f = replaceOnce(file("server/targets.json"), "v1\\u003c\\u0026\\u003e", "v1<&>");
    Signed<? extends Metadata> s = decode(RoleName.TARGETS, f);
    assertThat(((Targets) s.signed()).targets()).containsKey("v1<&>");
    assertThat(s.isFixedPoint()).isFalse();
  }

  @Test
  void signAndDecodeRoundTrip() {
    Signed<? extends Metadata> s = decode(RoleName.TARGETS, file("server/targets.json"));
    Signed<? extends Metadata> again = TufCodec.sign(s.signed(), s.signatures());
    assertThat(again.bytes()).isEqualTo(s.bytes());
    assertThat(again.canonical()).isEqualTo(s.canonical());
    assertThat(again.isFixedPoint()).isTrue();
  }

  @Test
  void rejectsWrongRoleTypeAndBrokenEnvelopes() {
    String root = file("server/root.json");
    assertThatThrownBy(() -> decode(RoleName.TARGETS, root)).isInstanceOf(TufException.class)
        .hasMessageContaining("expected type Targets");
    for (String bad : List.of("[]", "{}", "{\"signed\":{},\"signatures\":[]}", "{\"signatures\":[]}",
        "{\"signed\":[],\"signatures\":[]}", "{\"signed\":{\"_type\":\"Root\"},\"signatures\":null}")) {
      assertThatThrownBy(() -> decode(RoleName.ROOT, bad)).as(bad).isInstanceOf(TufException.class)
          .extracting(e -> ((TufException) e).kind()).isEqualTo(TufException.Kind.MALFORMED);
    }
  }

  @Test
  void rejectsKeyIdsThatDoNotMatchTheKeyAndPrivateKeyMaterial() {
    String targets = file("server/targets.json");
    Targets t = (Targets) decode(RoleName.TARGETS, targets).signed();
    String id = t.delegations().keys().keySet().iterator().next().value();
    String wrongId = id.substring(0, 63) + (id.charAt(63) == '0' ? '1' : '0');
    assertThatThrownBy(() -> decode(RoleName.TARGETS, targets.replace(id, wrongId)))
        .isInstanceOf(TufException.class).hasMessageContaining("does not match its key content");
    assertThatThrownBy(() -> decode(RoleName.TARGETS, replaceOnce(targets, "\"private\":null", "\"private\":\"AAAA\"")))
        .isInstanceOf(TufException.class).hasMessageContaining("private key material");
  }

  @Test
  void rejectsDelegationsThatAreNotDirectChildren() {
    String targets = file("server/targets.json");
    assertThatThrownBy(() -> decode(RoleName.TARGETS, replaceOnce(targets, "\"name\":\"targets/qa\"", "\"name\":\"targets/x/qa\"")))
        .isInstanceOf(TufException.class).hasMessage("targets type metadata invalid: delegation role targets/x/qa invalid");
    assertThatThrownBy(() -> decode(RoleName.TARGETS, replaceOnce(targets, "\"name\":\"targets/qa\"", "\"name\":\"targets/QA\"")))
        .isInstanceOf(TufException.class).hasMessage("targets type metadata invalid: delegation role targets/QA invalid");
  }

  @Test
  void rejectsVersionZeroAndNonIntegerVersions() {
    String f = file("server/targets/releases.json");
    assertThatThrownBy(() -> decode(RELEASES, f.replace("\"version\":1}", "\"version\":0}")))
        .isInstanceOf(TufException.class).hasMessageContaining("version");
    assertThatThrownBy(() -> decode(RELEASES, f.replace("\"version\":1}", "\"version\":\"1\"}")))
        .isInstanceOf(TufException.class).hasMessageContaining("version");
    assertThatThrownBy(() -> decode(RELEASES, f.replace("\"version\":1}", "\"version\":1.5}")))
        .isInstanceOf(TufException.class);
  }

  @Test
  void decodesPublicKeysAsTheKeyEndpointServesThem() {
    // reference 2.3 example 4
    PublicKey k = TufCodec.decodePublicKey(Bytes.wrap(
        "{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"7Brd4YjZxCH9s7aeR8Whfc04JLmv9RRO2EgNigep6BE=\",\"private\":null}}"
            .getBytes(StandardCharsets.UTF_8)));
    assertThat(k.type()).isEqualTo(KeyType.ED25519);
    assertThat(k.id().value()).isEqualTo("ae27c07c2e3a7b18b62879fc328e42688848319998561c1323f555ab79272192");
    assertThatThrownBy(() -> TufCodec.decodePublicKey(Bytes.wrap("[]".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(TufException.class);
  }
}
