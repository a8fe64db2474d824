package dev.hallmark.registry.blob;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.OciFormatException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Blobs as files: {@code <dir>/blobs/<algorithm>/<first two hex>/<hex>}, staged under
 * {@code <dir>/uploads/} on the same filesystem so that committing is one atomic rename. Two
 * commits of one digest both rename identical content into place; readers holding the old file keep
 * reading it.
 */
public final class FileBlobStore implements BlobStore {
  private final Path blobs;
  private final Path uploads;

  /** A store under {@code dir} (normally the server's data directory); creates its directories. */
  public FileBlobStore(Path dir) throws IOException {
    this.blobs = dir.resolve("blobs");
    this.uploads = dir.resolve("uploads");
    Files.createDirectories(blobs);
    Files.createDirectories(uploads);
  }

  Path path(Digest digest) {
    return blobs.resolve(digest.algorithm().wireName()).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
  }

  @Override
  public OptionalLong size(Digest digest) throws IOException {
    try {
      return OptionalLong.of(Files.readAttributes(path(digest), BasicFileAttributes.class).size());
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public SeekableByteChannel open(Digest digest) throws IOException {
    return FileChannel.open(path(digest), StandardOpenOption.READ);
  }

  @Override
  public Path uploadsDirectory() {
    return uploads;
  }

  @Override
  public void commit(Path verified, Digest digest) throws IOException {
    Path target = path(digest);
    Files.createDirectories(target.getParent());
    try {
      Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("blob staging and blob directories must be on one filesystem", e);
    }
  }

  @Override
  public boolean delete(Digest digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }

  @Override
  public List<Stored> list() throws IOException {
    var out = new ArrayList<Stored>();
    for (Digest.Algorithm alg : Digest.Algorithm.values()) {
      Path root = blobs.resolve(alg.wireName());
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root)) {
        for (Path prefix : prefixes) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
            for (Path f : files) {
              Digest d;
              try {
                d = new Digest(alg, f.getFileName().toString());
              } catch (OciFormatException e) {
                continue; // not a blob (stray file)
              }
              try {
                var attrs = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(new Stored(d, attrs.size(), attrs.lastModifiedTime().toInstant()));
              } catch (NoSuchFileException gone) {
                // deleted meanwhile
              }
            }
          }
        }
      }
    }
    return out;
  }
}
