package dev.hallmark.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.Repository;
import dev.hallmark.registry.ErrorCode;
import dev.hallmark.registry.RegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobUploadsTest {
  static final Repository REPO = new Repository("test/blobs");
  @TempDir
  Path dir;

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] read(BlobStore store, Digest d) throws IOException {
    try (SeekableByteChannel ch = store.open(d)) {
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // fill
      }
      return buf.array();
    }
  }

  static long visibleFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("blobs"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void storesVerifiedContentAtItsDigestPath() throws Exception {
    var store = new FileBlobStore(dir);
    var uploads = new BlobUploads(store, Clock.systemUTC());
    byte[] c = random(70_000, 1);
    Digest d = Digest.sha256(c);
    var u = uploads.start(REPO);
    assertThat(uploads.finish(REPO, u.id(), d, c.length, BodySource.of(c))).isEqualTo(c.length);
    assertThat(Files.exists(dir.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex()))).isTrue();
    assertThat(read(store, d)).isEqualTo(c);
    assertThat(store.size(d)).isEqualTo(OptionalLong.of(c.length));
    assertThat(Files.list(dir.resolve("uploads")).count()).isZero();
  }

  @Test
  void aDigestMismatchStoresNothing() throws Exception {
    var store = new FileBlobStore(dir);
    var uploads = new BlobUploads(store, Clock.systemUTC());
    var u = uploads.start(REPO);
    Digest wrong = Digest.sha256(new byte[] {1});
    assertThatThrownBy(() -> uploads.finish(REPO, u.id(), wrong, -1, BodySource.of(random(100, 2))))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
    assertThat(visibleFiles(dir)).isZero();
    assertThat(store.size(wrong)).isEmpty();
    assertThatThrownBy(() -> uploads.status(REPO, u.id())).isInstanceOf(RegistryException.class);
  }

  @Test
  void anInterruptedChunkIsRolledBackAndLeavesNothingVisible() throws Exception {
    var store = new FileBlobStore(dir);
    var uploads = new BlobUploads(store, Clock.systemUTC());
    byte[] c = random(3000, 3);
    var u = uploads.start(REPO);
    uploads.append(REPO, u.id(), OptionalLong.of(0), 1000, BodySource.of(java.util.Arrays.copyOf(c, 1000)));
    BodySource broken = sink -> {
      sink.accept(ByteBuffer.wrap(c, 1000, 500));
      throw new IOException("client went away");
    };
    assertThatThrownBy(() -> uploads.append(REPO, u.id(), OptionalLong.empty(), -1, broken)).isInstanceOf(IOException.class);
    assertThat(uploads.status(REPO, u.id()).offset()).isEqualTo(1000);
    assertThat(visibleFiles(dir)).isZero();
    uploads.append(REPO, u.id(), OptionalLong.of(1000), 2000, BodySource.of(java.util.Arrays.copyOfRange(c, 1000, 3000)));
    uploads.finish(REPO, u.id(), Digest.sha256(c), 0, BodySource.EMPTY);
    assertThat(read(store, Digest.sha256(c))).isEqualTo(c);
  }

  @Test
  void outOfOrderChunksAreRangeInvalid() throws Exception {
    var uploads = new BlobUploads(new FileBlobStore(dir), Clock.systemUTC());
    var u = uploads.start(REPO);
    assertThatThrownBy(() -> uploads.append(REPO, u.id(), OptionalLong.of(5), 1, BodySource.of(new byte[1])))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RANGE_INVALID));
    assertThatThrownBy(() -> uploads.append(REPO, u.id(), OptionalLong.of(0), 7, BodySource.of(new byte[1])))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIZE_INVALID));
    assertThat(uploads.status(REPO, u.id()).offset()).isZero();
  }

  @Test
  void uploadsResumeAfterARestartAndBelongToTheirRepository() throws Exception {
    var store = new FileBlobStore(dir);
    byte[] c = random(5000, 4);
    var first = new BlobUploads(store, Clock.systemUTC());
    var u = first.start(REPO);
    first.append(REPO, u.id(), OptionalLong.empty(), -1, BodySource.of(java.util.Arrays.copyOf(c, 2000)));
    var second = new BlobUploads(store, Clock.systemUTC()); // a new process: hash state recomputed from the file
    assertThatThrownBy(() -> second.status(new Repository("other/repo"), u.id())).isInstanceOf(RegistryException.class);
    assertThat(second.status(REPO, u.id()).offset()).isEqualTo(2000);
    second.append(REPO, u.id(), OptionalLong.of(2000), 3000, BodySource.of(java.util.Arrays.copyOfRange(c, 2000, 5000)));
    second.finish(REPO, u.id(), Digest.sha256(c), -1, BodySource.EMPTY);
    assertThat(read(store, Digest.sha256(c))).isEqualTo(c);
  }

  @Test
  void sha512UploadsAreVerifiedWithSha512() throws Exception {
    var store = new FileBlobStore(dir);
    var uploads = new BlobUploads(store, Clock.systemUTC());
    byte[] c = random(1000, 5);
    Digest d = Digest.parse("sha512:" + "0".repeat(128)).recompute(c);
    var u = uploads.start(REPO);
    uploads.finish(REPO, u.id(), d, c.length, BodySource.of(c));
    assertThat(read(store, d)).isEqualTo(c);
  }

  @Test
  void theSameBlobPushedByEightClientsAtOnceEndsAsOneCorrectBlob() throws Exception {
    var store = new FileBlobStore(dir);
    var uploads = new BlobUploads(store, Clock.systemUTC());
    byte[] c = random(3 << 20, 6);
    Digest d = Digest.sha256(c);
    try (var pool = Executors.newFixedThreadPool(8)) {
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit((Callable<Long>) () -> {
          var u = uploads.start(REPO);
          BodySource pieces = sink -> {
            for (int off = 0; off < c.length; off += 64 * 1024) {
              sink.accept(ByteBuffer.wrap(c, off, Math.min(64 * 1024, c.length - off)));
            }
          };
          return uploads.finish(REPO, u.id(), d, c.length, pieces);
        }));
      }
      for (var f : results) {
        assertThat(f.get()).isEqualTo(c.length);
      }
    }
    assertThat(visibleFiles(dir)).isEqualTo(1);
    assertThat(read(store, d)).isEqualTo(c);
    assertThat(Files.list(dir.resolve("uploads")).count()).isZero();
  }

  @Test
  void idleUploadsExpire() throws Exception {
    var uploads = new BlobUploads(new FileBlobStore(dir), Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
    var u = uploads.start(REPO);
    assertThat(uploads.expire(Duration.ofDays(1))).isEqualTo(1);
    assertThatThrownBy(() -> uploads.status(REPO, u.id())).isInstanceOf(RegistryException.class);
  }

  @Test
  void replicasSharingTheBlobDirectoryTakeTurnsOnOneUpload() throws Exception {
    var store = new FileBlobStore(dir);
    var a = new BlobUploads(store, Clock.systemUTC());
    var b = new BlobUploads(new FileBlobStore(dir), Clock.systemUTC());
    byte[] c = random(3 * 40_000, 7);
    Digest d = Digest.sha256(c);
    var u = a.start(REPO);
    a.append(REPO, u.id(), java.util.OptionalLong.of(0), 40_000, BodySource.of(java.util.Arrays.copyOfRange(c, 0, 40_000)));
    b.append(REPO, u.id(), java.util.OptionalLong.of(40_000), 40_000,
        BodySource.of(java.util.Arrays.copyOfRange(c, 40_000, 80_000)));
    // a saw the upload at 40,000 bytes; it must continue where b left it, not overwrite b's chunk
    assertThat(a.status(REPO, u.id()).offset()).isEqualTo(80_000);
    a.append(REPO, u.id(), java.util.OptionalLong.of(80_000), 40_000,
        BodySource.of(java.util.Arrays.copyOfRange(c, 80_000, 120_000)));
    assertThat(b.finish(REPO, u.id(), d, 0, BodySource.of(new byte[0]))).isEqualTo(c.length);
    assertThat(read(store, d)).isEqualTo(c);
    // finished on b: a no longer knows it
    assertThatThrownBy(() -> a.status(REPO, u.id()))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN));
  }
}
