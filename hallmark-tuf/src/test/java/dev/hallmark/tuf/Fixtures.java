package dev.hallmark.tuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Metadata files under {@code src/test/resources/fixtures}. */
final class Fixtures {
  private Fixtures() {}

  /** One metadata file and the role it holds. */
  record File(String name, RoleName role, Bytes bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Pattern VERSIONED = Pattern.compile("(?:(.*)/)?(\\d+)\\.([a-z0-9_-]+)\\.json");
  private static final Pattern PLAIN = Pattern.compile("(.*)\\.json");

  static Path dir(String relative) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Bytes read(Path p) {
    try {
      return Bytes.wrap(Files.readAllBytes(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every {@code .json} metadata file below a metadata directory; the role is the path relative to
   * it without {@code .json} (and without a {@code N.} version prefix).
   */
  static List<File> metadata(Path metadataDir) {
    try (Stream<Path> s = Files.walk(metadataDir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
        String rel = metadataDir.relativize(p).toString().replace('\\', '/');
        return new File(metadataDir.getFileName() + "/" + rel, roleOf(rel), read(p));
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RoleName roleOf(String rel) {
    Matcher v = VERSIONED.matcher(rel);
    if (v.matches()) {
      return RoleName.of(v.group(1) == null ? v.group(3) : v.group(1) + "/" + v.group(3));
    }
    Matcher m = PLAIN.matcher(rel);
    if (!m.matches()) {
      throw new IllegalArgumentException(rel);
    }
    return RoleName.of(m.group(1));
  }

  /** The version in a {@code N.role.json} name, or -1. */
  static int versionOf(String name) {
    Matcher v = VERSIONED.matcher(name.substring(name.indexOf('/') + 1));
    return v.matches() ? Integer.parseInt(v.group(2)) : -1;
  }

  static final Path NOTARY07 = dir("notary07-repo");
  static final Path NOTARY01 = dir("notary0.1/tuf/docker.com/notary0.1/samplerepo/metadata");
  static final Path NOTARY03 = dir("notary0.3/tuf/docker.com/notary0.3/tst/metadata");

  /** Every file notary 0.7 wrote: the client cache and everything the server kept. */
  static List<File> notary07() {
    return Stream.concat(metadata(NOTARY07.resolve("cache")).stream(), metadata(NOTARY07.resolve("server")).stream())
        .toList();
  }
}
