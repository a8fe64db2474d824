package dev.hallmark.registry.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.oci.Digest;
import dev.hallmark.oci.MediaType;
import dev.hallmark.oci.Repository;
import dev.hallmark.oci.Tag;
import dev.hallmark.registry.RegistryConfig;
import dev.hallmark.registry.blob.BlobUploads;
import dev.hallmark.registry.blob.BodySource;
import dev.hallmark.registry.blob.FileBlobStore;
import dev.hallmark.registry.store.JdbcRegistryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectionTest {
  static final Repository REPO = new Repository("gc/app");
  @TempDir
  Path dir;

  @Test
  void sweepsUnreferencedBlobsAfterTheGracePeriodAndOptionallyUntaggedManifests() throws Exception {
    var ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:gc-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    var store = new JdbcRegistryStore(ds, Clock.systemUTC());
    var blobs = new FileBlobStore(dir);
    var uploads = new BlobUploads(blobs, Clock.systemUTC());
    var repositories = new Repositories(store, RegistryConfig.defaults());
    var push = new ManifestPush(store, repositories);

    Digest config = put(store, uploads, "{}".getBytes(StandardCharsets.UTF_8));
    Digest layer = put(store, uploads, "layer one".getBytes(StandardCharsets.UTF_8));
    Digest layer2 = put(store, uploads, "layer two".getBytes(StandardCharsets.UTF_8));
    Digest orphan = put(store, uploads, "nobody refers to me".getBytes(StandardCharsets.UTF_8));
    push.push(REPO, new Tag("v1"), manifest(config, layer).getBytes(StandardCharsets.UTF_8), Optional.of(MediaType.OCI_MANIFEST));
    String untagged = manifest(config, layer2);
    Digest untaggedDigest = Digest.sha256(untagged.getBytes(StandardCharsets.UTF_8));
    push.push(REPO, untaggedDigest, untagged.getBytes(StandardCharsets.UTF_8), Optional.of(MediaType.OCI_MANIFEST));

    // within the grace period nothing goes
    var now = new GarbageCollection(store, blobs, Clock.systemUTC(), Duration.ofHours(1)).run(false);
    assertThat(now.blobsDeleted()).isZero();

    var later = new GarbageCollection(store, blobs, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)), Duration.ofHours(1));
    // a dry run counts what a run with untagged manifests would delete, and deletes nothing
    var dry = later.run(true, true);
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.manifestsDeleted()).isEqualTo(1);
    assertThat(dry.blobsDeleted()).isEqualTo(2);
    assertThat(dry.bytesFreed()).isEqualTo("nobody refers to me".length() + "layer two".length());
    assertThat(dry.blobsKept()).isEqualTo(2);
    assertThat(blobs.size(orphan)).isPresent();
    assertThat(store.manifest(REPO, untaggedDigest)).isPresent();

    var r1 = later.run(false);
    assertThat(r1.blobsDeleted()).isEqualTo(1);
    assertThat(blobs.size(orphan)).isEmpty();
    assertThat(store.linkedBlob(REPO, orphan)).isEmpty();
    assertThat(blobs.size(layer2)).isPresent();

    var r2 = later.run(true);
    assertThat(r2.manifestsDeleted()).isEqualTo(1);
    assertThat(r2.blobsDeleted()).isEqualTo(1);
    assertThat(blobs.size(layer2)).isEmpty();
    assertThat(blobs.size(layer)).isPresent();
    assertThat(blobs.size(config)).isPresent();
    assertThat(store.manifest(REPO, untaggedDigest)).isEmpty();
  }

  static Digest put(JdbcRegistryStore store, BlobUploads uploads, byte[] content) throws Exception {
    Digest d = Digest.sha256(content);
    var u = uploads.start(REPO);
    uploads.finish(REPO, u.id(), d, content.length, BodySource.of(content));
    store.linkBlob(REPO, d, content.length);
    return d;
  }

  static String manifest(Digest config, Digest layer) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaType.OCI_CONFIG + "\",\"digest\":\"" + config + "\",\"size\":2},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer + "\",\"size\":9}]}";
  }
}
