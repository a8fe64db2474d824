package dev.hallmark.tuf.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValueTest {

  @Test
  void stringsWithUnpairedSurrogatesCannotBeBuilt() {
    // UTF-8 cannot encode them: the canonical bytes would silently hold '?' instead
    for (String s : List.of("\uD800", "a\uDC00", "\uDBFF\uDBFF", "\uDE00\uD83D")) {
      assertThatThrownBy(() -> Json.of(s)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Json.object().put(s, Json.of(1)).build()).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Json.of("\uD83D\uDE00").value()).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void valuesAreImmutableCopies() {
    Map<String, Json> m = new LinkedHashMap<>();
    m.put("a", Json.of(1));
    Json.Obj o = new Json.Obj(m);
    m.put("b", Json.of(2));
    assertThat(o.members()).containsOnlyKeys("a");
    assertThatThrownBy(() -> o.members().put("c", Json.of(3))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(o.get("missing")).isNull();
  }
}
