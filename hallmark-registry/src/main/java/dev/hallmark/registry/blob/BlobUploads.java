package dev.hallmark.registry.blob;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Repository;
import dev.hallmark.registry.ErrorCode;
import dev.hallmark.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Resumable blob upload sessions (distribution spec "Pushing blobs"): started, fed in order by
 * chunks, then finished with the expected digest. Each session lives in
 * {@code <uploads>/<uuid>/} ({@code data} and {@code repository}), so it survives a restart; its
 * running sha256 is kept in memory and recomputed from {@code data} when lost. A chunk that fails
 * part way is rolled back, so the offset always counts whole chunks.
 */
public final class BlobUploads {
  private static final int COPY_BUFFER = 1 << 20;

  private final BlobStore store;
  private final Clock clock;
  private final Path root;
  private final ConcurrentHashMap<UUID, Session> sessions = new ConcurrentHashMap<>();

  private static final class Session {
    final ReentrantLock lock = new ReentrantLock();
    final UUID id;
    final Repository repository;
    final Path dir;
    MessageDigest sha256; // null when lost (restart) until recomputed
    long offset;
    boolean closed;

    Session(UUID id, Repository repository, Path dir, MessageDigest sha256, long offset) {
      this.id = id;
      this.repository = repository;
      this.dir = dir;
      this.sha256 = sha256;
      this.offset = offset;
    }

    Path data() {
      return dir.resolve("data");
    }
  }

  public BlobUploads(BlobStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.root = store.uploadsDirectory();
  }

  /** Starts a session for {@code repository}. */
  public Upload start(Repository repository) throws IOException {
    UUID id = UUID.randomUUID();
    Path dir = root.resolve(id.toString());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("repository"), repository.name(), StandardCharsets.UTF_8);
    Files.createFile(dir.resolve("data"));
    sessions.put(id, new Session(id, repository, dir, Digest.Algorithm.SHA256.newHasher(), 0));
    return new Upload(id, repository, 0);
  }

  /** The state of a session. @throws RegistryException {@code BLOB_UPLOAD_UNKNOWN} */
  public Upload status(Repository repository, UUID id) throws IOException {
    Session s = session(repository, id);
    s.lock.lock();
    try {
      requireOpen(s);
      return new Upload(id, repository, s.offset);
    } finally {
      s.lock.unlock();
    }
  }

  /**
   * Appends a chunk.
   *
   * @param start where the client says the chunk starts (from {@code Content-Range}); empty when not given
   * @param length the announced length, or -1 when unknown
   * @throws RegistryException {@code BLOB_UPLOAD_UNKNOWN}; {@code RANGE_INVALID} when {@code start}
   *     is not the current offset; {@code SIZE_INVALID} when the body is not {@code length} long
   */
  public Upload append(Repository repository, UUID id, OptionalLong start, long length, BodySource body) throws IOException {
    Session s = session(repository, id);
    s.lock.lock();
    try {
      requireOpen(s);
      if (start.isPresent() && start.getAsLong() != s.offset) {
        throw RegistryException.of(ErrorCode.RANGE_INVALID, "chunk starts at " + start.getAsLong()
            + ", upload holds " + s.offset + " bytes");
      }
      write(s, length, body);
      return new Upload(id, repository, s.offset);
    } finally {
      s.lock.unlock();
    }
  }

  /**
   * Appends the last chunk (may be empty), verifies the whole content against {@code expected},
   * and commits it to the store. The session ends either way.
   *
   * @return the size of the blob
   * @throws RegistryException {@code DIGEST_INVALID} when the content does not match (nothing is stored)
   */
  public long finish(Repository repository, UUID id, Digest expected, long length, BodySource body) throws IOException {
    Session s = session(repository, id);
    s.lock.lock();
    try {
      requireOpen(s);
      write(s, length, body);
      Digest actual = s.sha256 != null && expected.algorithm() == Digest.Algorithm.SHA256
          ? Digest.of(Digest.Algorithm.SHA256, s.sha256)
          : hashFile(s.data(), expected.algorithm(), s.offset);
      long size = s.offset;
      s.closed = true;
      sessions.remove(id);
      try {
        if (!actual.equals(expected)) {
          throw RegistryException.of(ErrorCode.DIGEST_INVALID, "digest " + expected + " does not match content " + actual);
        }
        store.commit(s.data(), expected);
      } finally {
        deleteTree(s.dir);
      }
      return size;
    } finally {
      s.lock.unlock();
    }
  }

  /** Cancels a session and deletes what it holds. @throws RegistryException {@code BLOB_UPLOAD_UNKNOWN} */
  public void cancel(Repository repository, UUID id) throws IOException {
    Session s = session(repository, id);
    s.lock.lock();
    try {
      requireOpen(s);
      s.closed = true;
      sessions.remove(id);
      deleteTree(s.dir);
    } finally {
      s.lock.unlock();
    }
  }

  /** Removes sessions idle for longer than {@code maxIdle}; returns how many. */
  public int expire(Duration maxIdle) throws IOException {
    Instant cutoff = clock.instant().minus(maxIdle);
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        UUID id;
        try {
          id = UUID.fromString(dir.getFileName().toString());
        } catch (IllegalArgumentException e) {
          continue;
        }
        Path data = dir.resolve("data");
        Instant touched = Files.exists(data) ? Files.getLastModifiedTime(data).toInstant() : Instant.EPOCH;
        if (touched.isBefore(cutoff)) {
          Session s = sessions.remove(id);
          if (s != null) {
            s.lock.lock();
            try {
              s.closed = true;
            } finally {
              s.lock.unlock();
            }
          }
          deleteTree(dir);
          removed++;
        }
      }
    }
    return removed;
  }

  private Session session(Repository repository, UUID id) throws IOException {
    Session s = sessions.get(id);
    if (s == null) {
      s = restore(id);
    }
    if (s == null || !s.repository.equals(repository)) {
      throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, id.toString());
    }
    return s;
  }

  /** A session from disk after a restart; its hash is recomputed when next needed. */
  private Session restore(UUID id) throws IOException {
    Path dir = root.resolve(id.toString());
    try {
      Repository repo = new Repository(Files.readString(dir.resolve("repository"), StandardCharsets.UTF_8));
      long size = Files.size(dir.resolve("data"));
      Session fresh = new Session(id, repo, dir, null, size);
      Session prior = sessions.putIfAbsent(id, fresh);
      return prior != null ? prior : fresh;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Fails for an ended session, and brings the session up to date with its files: replicas sharing the
   * blob directory may each take chunks of one upload, so what another one appended (or ended) since this
   * one last saw the session is read from disk, not trusted from memory.
   */
  private void requireOpen(Session s) throws IOException {
    long size;
    try {
      size = s.closed ? -1 : Files.size(s.data());
    } catch (NoSuchFileException e) {
      s.closed = true; // finished or cancelled elsewhere
      sessions.remove(s.id, s);
      size = -1;
    }
    if (s.closed) {
      throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, s.id.toString());
    }
    if (size != s.offset) {
      s.offset = size;
      s.sha256 = null; // recomputed from the file when next needed
    }
  }

  /** Streams a body onto the session's file while hashing; rolls back on any failure. */
  private static void write(Session s, long length, BodySource body) throws IOException {
    if (s.sha256 == null) {
      s.sha256 = Digest.Algorithm.SHA256.newHasher();
      rehash(s.data(), s.sha256, s.offset);
    }
    long before = s.offset;
    MessageDigest saved;
    try {
      saved = (MessageDigest) s.sha256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
    }
    boolean ok = false;
    try (FileChannel out = FileChannel.open(s.data(), StandardOpenOption.WRITE)) {
      out.position(before);
      long[] written = {0};
      MessageDigest h = s.sha256;
      body.drainTo(piece -> {
        h.update(piece.duplicate());
        while (piece.hasRemaining()) {
          written[0] += out.write(piece);
        }
      });
      if (length >= 0 && written[0] != length) {
        throw RegistryException.of(ErrorCode.SIZE_INVALID, "received " + written[0] + " bytes, expected " + length);
      }
      s.offset = before + written[0];
      ok = true;
    } finally {
      if (!ok) {
        s.sha256 = saved;
        s.offset = before;
        try (FileChannel out = FileChannel.open(s.data(), StandardOpenOption.WRITE)) {
          out.truncate(before);
        } catch (IOException e) {
          s.sha256 = null; // recomputed from the file next time
        }
      }
    }
  }

  private static Digest hashFile(Path file, Digest.Algorithm alg, long length) throws IOException {
    MessageDigest h = alg.newHasher();
    rehash(file, h, length);
    return Digest.of(alg, h);
  }

  private static void rehash(Path file, MessageDigest h, long length) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER);
      long left = length;
      while (left > 0) {
        buf.clear().limit((int) Math.min(buf.capacity(), left));
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        buf.flip();
        h.update(buf);
        left -= n;
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
