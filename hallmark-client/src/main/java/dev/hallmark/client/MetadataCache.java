package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata cache in notary's trust-directory layout: {@code <trustDir>/tuf/<GUN>/metadata/<role>.json},
 * delegations under {@code metadata/targets/<name>.json} (reference storage/filestore.go). Files are
 * written whole (temporary file, then rename), mode 0600 in directories of mode 0700; cached bytes are
 * never trusted without the same checks as downloaded ones.
 */
final class MetadataCache {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private final Path trustDir;

  MetadataCache(Path trustDir) {
    this.trustDir = Objects.requireNonNull(trustDir);
  }

  /** The metadata directory of a collection. */
  Path metadataDir(Gun gun) {
    return trustDir.resolve("tuf").resolve(gun.value()).resolve("metadata");
  }

  Path file(Gun gun, RoleName role) {
    return metadataDir(gun).resolve(role.value() + ".json");
  }

  /** The cached file of a role, if present and not larger than {@code maxBytes}. */
  Optional<Bytes> read(Gun gun, RoleName role, long maxBytes) {
    Path f = file(gun, role);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(f)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (data.length > maxBytes) {
        // reference storage/filestore.go: an oversized cached file is refused like a bad response
        return Optional.empty();
      }
      return Optional.of(Bytes.wrap(data));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TrustException(new TrustFailure.LocalStorage(f.toString()),
          "cannot read cached metadata " + f + ": " + e.getMessage(), e);
    }
  }

  /** Stores a role's file verbatim. */
  void write(Gun gun, RoleName role, Bytes file) {
    Path target = file(gun, role);
    try {
      createDirs(target.getParent());
      Path tmp = POSIX
          ? Files.createTempFile(target.getParent(), ".tmp-", ".json",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(target.getParent(), ".tmp-", ".json");
      try {
        Files.write(tmp, file.unsafeArray());
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new TrustException(new TrustFailure.LocalStorage(target.toString()),
          "cannot write cached metadata " + target + ": " + e.getMessage(), e);
    }
  }

  /** Removes a role's cached file, e.g. one that failed verification. */
  void delete(Gun gun, RoleName role) {
    Path f = file(gun, role);
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new TrustException(new TrustFailure.LocalStorage(f.toString()),
          "cannot remove cached metadata " + f + ": " + e.getMessage(), e);
    }
  }

  private void createDirs(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createDirs(dir.getParent());
    try {
      if (POSIX) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }
}
