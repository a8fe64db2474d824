package dev.hallmark.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExpiresTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "2036-11-24T03:15:49.779217051Z",        // 9 digits
      "2029-11-26T10:44:43.267486588+05:30",   // client in Asia/Kolkata (fixture)
      "2116-01-11T16:58:57.119711158-08:00",   // notary 0.1 fixture
      "2026-12-11T05:14:43.3858866Z",          // trailing zeros already trimmed
      "2030-01-01T00:00:00.5Z",
      "2030-01-01T00:00:00Z",
      "2030-01-01T00:00:00-00:30",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999999999+14:00",
  })
  void goFormsAreFixedPoints(String text) {
    assertThat(Expires.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
      // Go's MarshalJSON trims trailing zeros of the fraction and drops an all-zero fraction
      "2030-01-01T00:00:00.000Z, 2030-01-01T00:00:00Z",
      "2030-01-01T00:00:00.0Z, 2030-01-01T00:00:00Z",
      "2030-01-01T00:00:00.500Z, 2030-01-01T00:00:00.5Z",
      "2030-01-01T00:00:00.123456780Z, 2030-01-01T00:00:00.12345678Z",
      // offset zero is always written as Z
      "2030-01-01T00:00:00+00:00, 2030-01-01T00:00:00Z",
      "2030-01-01T00:00:00.10-00:00, 2030-01-01T00:00:00.1Z",
  })
  void nonGoFormsAreRewritten(String text, String go) {
    Expires e = Expires.parse(text);
    assertThat(e.toString()).isEqualTo(go).isNotEqualTo(text);
    assertThat(Expires.parse(go)).isEqualTo(e);
  }

  @Test
  void keepsTheOffsetItWasWrittenWith() {
    Expires e = Expires.parse("2029-11-26T10:44:43.267486588+05:30");
    assertThat(e.value().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(e.instant()).isEqualTo(Instant.parse("2029-11-26T05:14:43.267486588Z"));
    assertThat(e).isNotEqualTo(Expires.at(e.instant()));
    assertThat(e.compareTo(Expires.at(e.instant()))).isZero();
  }

  @Test
  void comparesByInstant() {
    Expires early = Expires.parse("2030-01-01T05:00:00+05:30");
    Expires late = Expires.parse("2030-01-01T00:00:00.000000001Z");
    assertThat(early).isLessThan(late);
    assertThat(early.isBefore(Instant.parse("2030-01-01T00:00:00Z"))).isTrue();
    assertThat(late.isBefore(Instant.parse("2030-01-01T00:00:00.000000001Z"))).isFalse();
  }

  @Test
  void utcExpiryWritesZ() {
    assertThat(Expires.at(Instant.parse("2026-12-11T05:14:43.385886598Z")).toString())
        .isEqualTo("2026-12-11T05:14:43.385886598Z");
    assertThat(Expires.at(Instant.parse("2026-12-11T05:14:43Z")).toString()).isEqualTo("2026-12-11T05:14:43Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "2030-01-01", "2030-01-01T00:00:00", "2030-01-01 00:00:00Z", "2030-1-01T00:00:00Z",
      "2030-13-01T00:00:00Z", "2030-02-30T00:00:00Z", "2030-01-01T24:00:00Z", "2030-01-01T00:60:00Z",
      "2030-01-01T00:00:60Z", "2030-01-01T00:00:00.Z", "2030-01-01T00:00:00.1234567891Z",
      "2030-01-01T00:00:00+0530", "2030-01-01T00:00:00+05", "2030-01-01T00:00:00+24:00",
      "2030-01-01T00:00:00+05:60", "12030-01-01T00:00:00Z", "-2030-01-01T00:00:00Z",
      "2030-01-01T00:00:00ZZ", " 2030-01-01T00:00:00Z", "２０３０-01-01T00:00:00Z",
  })
  void rejectsWhatIsNotRfc3339(String text) {
    assertThatThrownBy(() -> Expires.parse(text)).isInstanceOf(TufException.class)
        .extracting(e -> ((TufException) e).kind()).isEqualTo(TufException.Kind.MALFORMED);
  }

  @Test
  void refusesYearsGoCannotMarshal() {
    assertThatThrownBy(() -> new Expires(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expires(OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
