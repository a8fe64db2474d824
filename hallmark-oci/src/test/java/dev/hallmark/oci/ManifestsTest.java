package dev.hallmark.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  static Manifest parse(String json, MediaType contentType) {
    return Manifests.parse(json.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(contentType));
  }

  static String image(String mediaType, String extra) {
    return "{\"schemaVersion\":2," + (mediaType == null ? "" : "\"mediaType\":\"" + mediaType + "\",")
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1 + "\",\"size\":7},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + D2 + "\",\"size\":9},"
        + "{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"digest\":\"" + D2 + "\",\"size\":9,"
        + "\"urls\":[\"https://example.com/layer\"]}]" + extra + "}";
  }

  @Test
  void parsesOciAndDockerImageManifests() {
    var oci = (ImageManifest) parse(image(null, ""), MediaType.OCI_MANIFEST);
    assertThat(oci.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    assertThat(oci.requiredContent()).extracting(d -> d.digest().toString()).containsExactly(D1, D2); // foreign layer skipped
    assertThat(oci.artifactType()).hasValue(MediaType.OCI_CONFIG);
    var docker = parse(image(MediaType.DOCKER_MANIFEST.value(), ""), MediaType.DOCKER_MANIFEST);
    assertThat(docker.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
  }

  @Test
  void parsesIndexesAndManifestLists() {
    String index = "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[{\"mediaType\":\"%s\",\"digest\":\"" + D1
        + "\",\"size\":5,\"platform\":{\"os\":\"linux\"}}]}";
    var oci = (ImageIndex) parse(index.formatted(MediaType.OCI_INDEX, MediaType.OCI_MANIFEST), null);
    assertThat(oci.manifests()).hasSize(1);
    var list = parse(index.formatted(MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_MANIFEST), MediaType.DOCKER_MANIFEST_LIST);
    assertThat(list).isInstanceOf(ImageIndex.class);
  }

  @Test
  void readsSubjectArtifactTypeAndAnnotations() {
    var m = parse(image(null, ",\"artifactType\":\"application/vnd.example+json\",\"subject\":{\"mediaType\":\""
        + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + D2 + "\",\"size\":3},\"annotations\":{\"k\":\"v\"}"), MediaType.OCI_MANIFEST);
    assertThat(m.subject().map(Descriptor::digest)).hasValue(Digest.parse(D2));
    assertThat(m.artifactType()).hasValue(new MediaType("application/vnd.example+json"));
    assertThat(m.annotations()).containsEntry("k", "v");
  }

  @Test
  void rejectsWhatIsNotAManifest() {
    for (String bad : List.of("", "[]", "{\"schemaVersion\":1}", "{\"schemaVersion\":2}", "{\"schemaVersion\":2,\"config\":{}}",
        image(null, ",\"manifests\":[]"), "{\"schemaVersion\":2,\"schemaVersion\":2}", image(null, "") + "x")) {
      assertThatThrownBy(() -> parse(bad, MediaType.OCI_MANIFEST)).as(bad).isInstanceOf(OciFormatException.class);
    }
    assertThatThrownBy(() -> parse(image(MediaType.OCI_MANIFEST.value(), ""), MediaType.DOCKER_MANIFEST))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> parse(image(null, ""), MediaType.DOCKER_MANIFEST)).hasMessageContaining("declare");
  }

  @Test
  void encodesTheReferrersIndex() {
    var d = new Descriptor(MediaType.OCI_MANIFEST, Digest.parse(D1), 10, "application/x", java.util.Map.of("b", "2", "a", "1"));
    assertThat(new String(Manifests.encodeIndex(List.of(d)), StandardCharsets.UTF_8)).isEqualTo(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":10,\"artifactType\":"
            + "\"application/x\",\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}]}");
  }
}
