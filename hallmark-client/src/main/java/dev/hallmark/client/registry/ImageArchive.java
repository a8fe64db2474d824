package dev.hallmark.client.registry;

import dev.hallmark.oci.Descriptor;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ImageIndex;
import dev.hallmark.oci.ImageManifest;
import dev.hallmark.oci.Manifest;
import dev.hallmark.oci.Manifests;
import dev.hallmark.oci.MediaType;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Image archives on disk: a {@code docker save} tarball ({@code manifest.json}, the config, layer tars)
 * or an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}) as a
 * directory or a tar. Archives are read whole into memory.
 */
public final class ImageArchive {
  /** The annotation naming a manifest's tag in an OCI layout's index. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final MediaType DOCKER_LAYER = new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
  private static final long MAX_ARCHIVE = 8L << 30;

  private ImageArchive() {}

  /**
   * Reads the image of an archive. A {@code docker save} tarball becomes a Docker schema 2 manifest
   * (uncompressed layers gzipped, as {@code docker push} does); an OCI layout keeps its manifest bytes.
   *
   * @param tag the tag to pick in an OCI layout holding several manifests; empty for its only one
   * @throws RegistryException when the archive is not an image archive or its content does not match its digests
   */
  public static Image read(Path archive, Optional<String> tag) throws IOException {
    Map<String, byte[]> files;
    if (Files.isDirectory(archive)) {
      files = new LinkedHashMap<>();
      try (Stream<Path> walk = Files.walk(archive)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          files.put(archive.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    } else {
      try (InputStream in = Files.newInputStream(archive)) {
        files = Tar.read(in, MAX_ARCHIVE);
      }
    }
    if (files.containsKey("manifest.json")) {
      return dockerSave(files);
    }
    if (files.containsKey("index.json")) {
      return ociLayout(files, tag);
    }
    throw new RegistryException(0, archive + " is neither a docker save archive (manifest.json) nor an OCI layout (index.json)");
  }

  private static Image ociLayout(Map<String, byte[]> files, Optional<String> tag) {
    Manifest index = Manifests.parse(files.get("index.json"), Optional.of(MediaType.OCI_INDEX));
    if (!(index instanceof ImageIndex ii)) {
      throw new RegistryException(0, "index.json is not an image index");
    }
    List<Descriptor> candidates = ii.manifests().stream()
        .filter(d -> tag.isEmpty() || tag.get().equals(d.annotations().get(REF_NAME))).toList();
    if (candidates.isEmpty() && tag.isPresent() && ii.manifests().size() == 1) {
      candidates = ii.manifests();
    }
    if (candidates.size() != 1) {
      throw new RegistryException(0, "index.json has " + candidates.size() + " manifests"
          + tag.map(t -> " named " + t).orElse("") + "; expected one");
    }
    Descriptor d = candidates.getFirst();
    byte[] manifest = blob(files, d.digest());
    if (!d.mediaType().isManifest()) {
      throw new RegistryException(0, "the layout's manifest has media type " + d.mediaType() + "; image indexes are not supported");
    }
    Manifest m = Manifests.parse(manifest, Optional.of(d.mediaType()));
    if (!(m instanceof ImageManifest im)) {
      throw new RegistryException(0, "the layout's manifest is an index; image indexes are not supported");
    }
    Map<Digest, Bytes> blobs = new LinkedHashMap<>();
    for (Descriptor c : im.requiredContent()) {
      blobs.put(c.digest(), Bytes.wrap(blob(files, c.digest())));
    }
    return new Image(m.mediaType(), Bytes.wrap(manifest), blobs);
  }

  private static byte[] blob(Map<String, byte[]> files, Digest digest) {
    byte[] b = files.get("blobs/" + digest.algorithm().wireName() + "/" + digest.hex());
    if (b == null) {
      throw new RegistryException(0, "the archive has no blob " + digest);
    }
    return b;
  }

  private static Image dockerSave(Map<String, byte[]> files) throws IOException {
    if (!(JsonReader.forMetadata().parse(files.get("manifest.json")) instanceof Json.Arr arr) || arr.items().size() != 1
        || !(arr.items().getFirst() instanceof Json.Obj entry)) {
      throw new RegistryException(0, "manifest.json must list exactly one image");
    }
    if (!(entry.get("Config") instanceof Json.Str configName) || !(entry.get("Layers") instanceof Json.Arr layerNames)) {
      throw new RegistryException(0, "manifest.json: Config and Layers are required");
    }
    byte[] config = file(files, configName.value());
    Map<Digest, Bytes> blobs = new LinkedHashMap<>();
    Digest configDigest = Digest.sha256(config);
    blobs.put(configDigest, Bytes.wrap(config));
    List<Json> layers = new ArrayList<>();
    for (Json l : layerNames.items()) {
      if (!(l instanceof Json.Str name)) {
        throw new RegistryException(0, "manifest.json: Layers must be strings");
      }
      byte[] layer = gzipped(file(files, name.value()));
      Digest d = Digest.sha256(layer);
      blobs.put(d, Bytes.wrap(layer));
      layers.add(descriptor(DOCKER_LAYER, d, layer.length));
    }
    Json.Obj manifest = Json.object()
        .put("schemaVersion", new Json.Num(2))
        .put("mediaType", new Json.Str(MediaType.DOCKER_MANIFEST.value()))
        .put("config", descriptor(MediaType.DOCKER_CONFIG, configDigest, config.length))
        .put("layers", new Json.Arr(layers))
        .build();
    return new Image(MediaType.DOCKER_MANIFEST, Bytes.wrap(GoJson.encode(manifest)), blobs);
  }

  private static Json.Obj descriptor(MediaType type, Digest d, long size) {
    return Json.object().put("mediaType", new Json.Str(type.value())).put("size", new Json.Num(size))
        .put("digest", new Json.Str(d.toString())).build();
  }

  private static byte[] file(Map<String, byte[]> files, String name) {
    byte[] b = files.get(Tar.normalise(name));
    if (b == null) {
      throw new RegistryException(0, "the archive has no " + name);
    }
    return b;
  }

  /** The layer as docker pushes it: gzip-compressed (already compressed layers unchanged). */
  private static byte[] gzipped(byte[] layer) throws IOException {
    if (layer.length >= 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b) {
      return layer;
    }
    var out = new ByteArrayOutputStream(layer.length / 2 + 64);
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(layer);
    }
    return out.toByteArray();
  }

  /**
   * Writes an image as an OCI image layout tar: {@code oci-layout}, {@code index.json} naming the manifest
   * with {@code tag}, and every blob (manifest included) under {@code blobs/sha256/}.
   */
  public static void writeOciLayout(Image image, String tag, OutputStream out) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    Json.Obj desc = Json.object()
        .put("mediaType", new Json.Str(image.mediaType().value()))
        .put("digest", new Json.Str(image.digest().toString()))
        .put("size", new Json.Num(image.manifest().length()))
        .put("annotations", Json.object().put(REF_NAME, new Json.Str(tag)).build())
        .build();
    Json.Obj index = Json.object()
        .put("schemaVersion", new Json.Num(2))
        .put("mediaType", new Json.Str(MediaType.OCI_INDEX.value()))
        .put("manifests", new Json.Arr(List.of(desc)))
        .build();
    files.put("index.json", GoJson.encode(index));
    files.put(path(image.digest()), image.manifest().unsafeArray());
    for (var e : image.blobs().entrySet()) {
      files.put(path(e.getKey()), e.getValue().unsafeArray());
    }
    Tar.write(files, out);
  }

  private static String path(Digest d) {
    return "blobs/" + d.algorithm().wireName() + "/" + d.hex();
  }
}
