package dev.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.server.ErrorCode;
import dev.hallmark.server.TrustServerException;
import dev.hallmark.tuf.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The error envelope, byte for byte as notary-server 0.7 sends it (reference 3.1). */
class ErrorBodiesTest {
  private static String body(ErrorCode code, Json detail) {
    return new String(ErrorBodies.of(code, detail), StandardCharsets.UTF_8);
  }

  @Test
  void notFoundWithEmptyDetailIsTheReferenceBytes() {
    String b = body(ErrorCode.METADATA_NOT_FOUND, Json.object().build());
    assertThat(b).isEqualTo("{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"You have requested metadata"
        + " that does not exist.\",\"detail\":{}}]}\n");
    assertThat(b.getBytes(StandardCharsets.UTF_8)).hasSize(116);
  }

  @Test
  void catchAllHasNoDetail() {
    assertThat(body(ErrorCode.METADATA_NOT_FOUND, null)).isEqualTo(
        "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"You have requested metadata that does not exist.\"}]}\n");
  }

  @Test
  void versionConflictBody() {
    TrustServerException e = TrustServerException.withEmptyDetail(ErrorCode.VERSION);
    assertThat(body(e.code(), e.detail())).isEqualTo(
        "{\"errors\":[{\"code\":\"VERSION\",\"message\":\"A newer version of metadata is already available.\",\"detail\":{}}]}\n");
  }

  @Test
  void validationDetailKeepsNameThenErrorOrder() {
    TrustServerException e = TrustServerException.invalidUpdate("ErrBadRoot",
        "Root modifications must increment the version. Current 1, new 3");
    assertThat(body(e.code(), e.detail())).isEqualTo("{\"errors\":[{\"code\":\"INVALID_UPDATE\",\"message\":\"Update sent"
        + " by the client is invalid.\",\"detail\":{\"Name\":\"ErrBadRoot\",\"Error\":{\"Msg\":\"Root modifications must"
        + " increment the version. Current 1, new 3\"}}}]}\n");
  }

  @Test
  void stringDetailAndInvalidRole() {
    TrustServerException e = TrustServerException.of(ErrorCode.INVALID_ROLE, Json.of("foo"));
    assertThat(body(e.code(), e.detail())).isEqualTo("{\"errors\":[{\"code\":\"INVALID_ROLE\",\"message\":\"The role you"
        + " are attempting to operate on is invalid.\",\"detail\":\"foo\"}]}\n");
  }

  @Test
  void escapesLikeGoAndStaysUnderOneKibibyte() {
    String hostile = "<\"\\\u0001>".repeat(2000);
    byte[] b = ErrorBodies.of(ErrorCode.INVALID_UPDATE, Json.object().put("Name", Json.of("ErrValidation"))
        .put("Error", Json.object().put("Msg", Json.of(hostile)).build()).build());
    assertThat(b.length).isLessThan(1024);
    String s = new String(b, StandardCharsets.UTF_8);
    assertThat(s).endsWith("}]}\n").doesNotContain("\u0001");
    assertThat(dev.hallmark.tuf.json.JsonReader.forMetadata().parse(s.strip().getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Json.Obj.class);
  }
}
