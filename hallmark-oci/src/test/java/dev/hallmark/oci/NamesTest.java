package dev.hallmark.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void repositoryNamesFollowTheDistributionGrammar() {
    for (String ok : new String[] {"a", "library/alpine", "a/b/c", "a.b", "a_b", "a__b", "a--b", "a-b-c/d.e_f", "0"}) {
      assertThat(Repository.problem(ok)).as(ok).isNull();
    }
    for (String bad : new String[] {"", "A", "a/", "/a", "a//b", "a..b", "a___b", "-a", "a-", "_trust", "a/_trust/b",
        "a/_trust", "a b", "a:b", "a".repeat(256)}) {
      assertThat(Repository.problem(bad)).as(bad).isNotNull();
    }
    assertThat(Repository.problem("a".repeat(255))).isNull();
  }

  @Test
  void tagsAndManifestReferences() {
    assertThat(ManifestReference.parse("latest")).isEqualTo(new Tag("latest"));
    assertThat(ManifestReference.parse("sha256:" + "a".repeat(64))).isInstanceOf(Digest.class);
    assertThat(Tag.isValid("_x.Y-1")).isTrue();
    assertThat(Tag.isValid(".x")).isFalse();
    assertThat(Tag.isValid("a".repeat(129))).isFalse();
  }

  @Test
  void referencesSplitRegistryRepositoryTagAndDigest() {
    Reference r = Reference.parse("localhost:5000/dev/nginx:1@sha256:" + "b".repeat(64));
    assertThat(r.registry()).hasValue("localhost:5000");
    assertThat(r.repository().name()).isEqualTo("dev/nginx");
    assertThat(r.tag()).hasValue(new Tag("1"));
    assertThat(r.digest()).isPresent();
    Reference plain = Reference.parse("library/alpine");
    assertThat(plain.registry()).isEmpty();
    assertThat(plain.tag()).isEmpty();
    assertThat(Reference.parse("dtr.example.org/dev/nginx:1").toString()).isEqualTo("dtr.example.org/dev/nginx:1");
    assertThatThrownBy(() -> Reference.parse("dtr.example.org/Dev/nginx")).isInstanceOf(OciFormatException.class);
  }

  @Test
  void mediaTypesDropParametersAndCase() {
    assertThat(MediaType.parse("Application/JSON; charset=utf-8")).isEqualTo(new MediaType("application/json"));
    assertThat(MediaType.OCI_INDEX.isIndex()).isTrue();
    assertThatThrownBy(() -> new MediaType("nonsense")).isInstanceOf(OciFormatException.class);
  }
}
