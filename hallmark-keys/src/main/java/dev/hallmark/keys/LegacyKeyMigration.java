package dev.hallmark.keys;

import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Pem;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Moves keys of the pre-0.4 layout into the flat one, as notary's {@code migrateTo0Dot4} does
 * (reference storage/filestore.go): {@code root_keys/<id>_root.key} and
 * {@code tuf_keys/<gun>/<id>_<role>.key} become {@code <id>.key} with {@code gun} (from the
 * directory) and {@code role} (from the file name) headers; the old directories and
 * {@code trusted_certificates} are then deleted.
 */
final class LegacyKeyMigration {
  static final String ROOT_DIR = "root_keys";
  static final String NON_ROOT_DIR = "tuf_keys";
  private static final System.Logger LOG = System.getLogger(LegacyKeyMigration.class.getName());

  private LegacyKeyMigration() {}

  static void migrate(TrustDirKeyStore store) throws IOException {
    Path dir = store.dir();
    for (String sub : List.of(ROOT_DIR, NON_ROOT_DIR)) {
      Path legacy = dir.resolve(sub);
      if (!Files.exists(legacy)) {
        continue;
      }
      for (Path file : TrustDirKeyStore.keyFiles(legacy)) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        move(store, rel.substring(0, rel.length() - TrustDirKeyStore.EXTENSION.length()), file);
      }
      deleteTree(legacy);
    }
    deleteTree(dir.resolve("trusted_certificates"));
  }

  /** {@code name} is the path below {@code private/} without extension, e.g. {@code tuf_keys/example.com/app/<id>_targets}. */
  private static void move(TrustDirKeyStore store, String name, Path file) throws IOException {
    int slash = name.lastIndexOf('/');
    String keyId = name.substring(slash + 1);
    String fileDir = name.substring(0, slash);
    Pem block = Pem.decodeFirst(TrustDirKeyStore.read(file));
    if (block == null) {
      LOG.log(Level.WARNING, "Key data for {0} could not be decoded as a valid PEM block. The key will not be migrated", file);
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>(block.headers());
    fileDir = trimPrefix(trimPrefix(fileDir, ROOT_DIR), NON_ROOT_DIR);
    if (!fileDir.isEmpty()) {
      headers.put("gun", fileDir.substring(1));
    }
    int underscore = keyId.indexOf('_');
    if (underscore >= 0) {
      String[] parts = keyId.split("_", -1);
      String role = parts[1];
      if (keyId.endsWith("_" + role)) {
        keyId = keyId.substring(0, keyId.length() - role.length() - 1);
      }
      headers.put("role", role);
    }
    if (!TrustDirKeyStore.isSafeName(keyId)) {
      LOG.log(Level.WARNING, "Key file {0} has no usable key ID and is not migrated", file);
      return;
    }
    store.write(store.fileOf(new KeyId(keyId)), PemText.encode(new Pem(block.type(), headers, block.content())));
  }

  private static String trimPrefix(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
