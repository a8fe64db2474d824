package dev.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The raw {@code filename} of a part, as notary clients write it (reference 4.1). */
class UploadParserTest {
  @Test
  void keepsSlashesOfDelegationNames() {
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename=\"targets/releases\""))
        .isEqualTo("targets/releases");
  }

  @Test
  void keepsJsonSuffixForTheCallerToStrip() {
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename=\"root.json\"")).isEqualTo("root.json");
  }

  @Test
  void readsUnquotedValues() {
    assertThat(UploadParser.rawFilename("form-data; name=files; filename=snapshot")).isEqualTo("snapshot");
    assertThat(UploadParser.rawFilename("form-data;filename=targets;name=files")).isEqualTo("targets");
  }

  @Test
  void unescapesQuotedPairs() {
    assertThat(UploadParser.rawFilename("form-data; filename=\"a\\\"b\\\\c\"")).isEqualTo("a\"b\\c");
  }

  @Test
  void parameterNamesAreCaseInsensitive() {
    assertThat(UploadParser.rawFilename("form-data; FileName=\"root\"")).isEqualTo("root");
  }

  @Test
  void doesNotMistakeOtherParametersOrQuotedTextForTheFilename() {
    assertThat(UploadParser.rawFilename("form-data; name=\"filename=root\"")).isNull();
    assertThat(UploadParser.rawFilename("form-data; name=\"x; filename=root\"; filename=\"targets\"")).isEqualTo("targets");
  }

  @Test
  void missingOrEmptyFilename() {
    assertThat(UploadParser.rawFilename(null)).isNull();
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"")).isNull();
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename=\"\"")).isEmpty();
    assertThat(UploadParser.rawFilename("form-data; filename=\"unterminated")).isNull();
  }

  // as Go's mime.ParseMediaType, which notary's partFileName uses

  @Test
  void allowsSpaceAroundTheEqualsSign() {
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename = \"targets\"")).isEqualTo("targets");
  }

  @Test
  void readsRfc2231ExtendedFilenames() {
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename*=UTF-8''targets%2Freleases"))
        .isEqualTo("targets/releases");
    assertThat(UploadParser.rawFilename("form-data; filename=\"x\"; filename*=utf-8''root")).isEqualTo("root");
    assertThat(UploadParser.rawFilename("form-data; filename*0=\"targets/\"; filename*1=rel")).isEqualTo("targets/rel");
  }

  @Test
  void headerThatDoesNotParseHasNoFilename() {
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename=\"targets\"; filename=\"root\"")).isNull();
    assertThat(UploadParser.rawFilename("form-data; name=\"files\"; filename=\"targets\"; ===")).isNull();
    assertThat(UploadParser.rawFilename("filename=\"targets\"")).isNull();
    assertThat(UploadParser.rawFilename("form data; filename=\"targets\"")).isNull();
    assertThat(UploadParser.rawFilename("form-data; filename=\"targets\";")).isEqualTo("targets");
    assertThat(UploadParser.rawFilename("form-data; filename=\"targets\"; filename=\"targets\"")).isEqualTo("targets");
  }

  @Test
  void unescapesOnlyQuotedSpecials() {
    assertThat(UploadParser.rawFilename("form-data; filename=\"a\\bc\"")).isEqualTo("a\\bc");
  }
}
