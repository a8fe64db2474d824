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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Image archives on disk: a {@code docker save} tarball ({@code manifest.json}, the config, layer tars)
 * or an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}) as a
 * directory or a tar. {@link #open} reads only manifests and configs into memory; layers are read from
 * the archive when they are sent.
 */
public final class ImageArchive {
  /** The annotation naming a manifest's tag in an OCI layout's index. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final MediaType DOCKER_LAYER = new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
  /** The largest manifest, index or config read into memory. */
  private static final long MAX_DOCUMENT = 32L << 20;

  private ImageArchive() {}

  /** A file of an archive: its size and how to read it. */
  private record Entry(long size, BlobSource.Content content) {}

  /** An opened archive: its image, and the temporary files made for it (compressed docker save layers). */
  public static final class Opened implements AutoCloseable {
    private final StreamedImage image;
    private final List<Path> temporary;

    private Opened(StreamedImage image, List<Path> temporary) {
      this.image = image;
      this.temporary = List.copyOf(temporary);
    }

    public StreamedImage image() {
      return image;
    }

    /** Deletes the temporary files. */
    @Override
    public void close() throws IOException {
      for (Path p : temporary) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Opens the image of an archive. A {@code docker save} tarball becomes a Docker schema 2 manifest
   * (uncompressed layers gzipped into temporary files, as {@code docker push} does); an OCI layout
   * keeps its manifest bytes, and an index in it keeps every manifest it lists. A tarball with both
   * ({@code docker save} of docker 25 and later) is read as the OCI layout.
   *
   * @param tag the tag to pick in an OCI layout holding several manifests; empty for its only one
   * @throws RegistryException when the archive is not an image archive or lacks a blob it references
   */
  public static Opened open(Path archive, Optional<String> tag) throws IOException {
    Map<String, Entry> files = new LinkedHashMap<>();
    if (Files.isDirectory(archive)) {
      try (Stream<Path> walk = Files.walk(archive)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          files.put(archive.relativize(p).toString().replace('\\', '/'), new Entry(Files.size(p), () -> Files.newInputStream(p)));
        }
      }
    } else {
      for (var e : Tar.index(archive).entrySet()) {
        Tar.Entry t = e.getValue();
        files.put(e.getKey(), new Entry(t.size(), () -> Tar.open(archive, t)));
      }
    }
    if (files.containsKey("index.json") && (files.containsKey("oci-layout") || !files.containsKey("manifest.json"))) {
      return new Opened(ociLayout(files, tag), List.of());
    }
    if (files.containsKey("manifest.json")) {
      List<Path> temporary = new ArrayList<>();
      try {
        return new Opened(dockerSave(files, temporary), temporary);
      } catch (IOException | RuntimeException e) {
        for (Path p : temporary) {
          Files.deleteIfExists(p);
        }
        throw e;
      }
    }
    throw new RegistryException(0, archive + " is neither a docker save archive (manifest.json) nor an OCI layout (index.json)");
  }

  /**
   * Reads the image of an archive holding one image manifest whole into memory (small images, tests).
   *
   * @throws RegistryException as {@link #open}, and for an index
   */
  public static Image read(Path archive, Optional<String> tag) throws IOException {
    try (Opened opened = open(archive, tag)) {
      StreamedImage image = opened.image();
      if (image.isIndex()) {
        throw new RegistryException(0, archive + " holds an image index; open it with ImageArchive.open");
      }
      Map<Digest, Bytes> blobs = new LinkedHashMap<>();
      for (BlobSource b : image.blobs()) {
        try (InputStream in = b.content().open()) {
          blobs.put(b.digest(), Bytes.wrap(in.readAllBytes()));
        }
      }
      return new Image(image.mediaType(), image.manifest(), blobs);
    }
  }

  private static StreamedImage ociLayout(Map<String, Entry> files, Optional<String> tag) throws IOException {
    Manifest index = Manifests.parse(document(files, "index.json"), Optional.of(MediaType.OCI_INDEX));
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
    return manifestTree(files, candidates.getFirst(), 0);
  }

  /** A manifest of the layout with its blobs, or an index with its manifests (nested at most a few levels). */
  private static StreamedImage manifestTree(Map<String, Entry> files, Descriptor d, int depth) throws IOException {
    if (!d.mediaType().isManifest()) {
      throw new RegistryException(0, "the layout lists " + d.digest() + " of media type " + d.mediaType() + ", not a manifest");
    }
    if (depth > 4) {
      throw new RegistryException(0, "image indexes nested more than 4 deep");
    }
    byte[] manifest = document(files, path(d.digest()));
    Digest actual = d.digest().recompute(manifest);
    if (!actual.equals(d.digest())) {
      throw new RegistryException(0, "manifest " + d.digest() + " in the archive has digest " + actual);
    }
    return switch (Manifests.parse(manifest, Optional.of(d.mediaType()))) {
      case ImageManifest im -> {
        List<BlobSource> blobs = new ArrayList<>();
        for (Descriptor c : im.requiredContent()) {
          Entry e = entry(files, path(c.digest()));
          blobs.add(new BlobSource(c.digest(), e.size(), e.content()));
        }
        yield new StreamedImage(im.mediaType(), Bytes.wrap(manifest), blobs, List.of());
      }
      case ImageIndex ix -> {
        List<StreamedImage> children = new ArrayList<>();
        for (Descriptor c : ix.manifests()) {
          children.add(manifestTree(files, c, depth + 1));
        }
        yield new StreamedImage(ix.mediaType(), Bytes.wrap(manifest), List.of(), children);
      }
    };
  }

  private static Entry entry(Map<String, Entry> files, String name) {
    Entry e = files.get(Tar.normalise(name));
    if (e == null) {
      throw new RegistryException(0, "the archive has no " + name);
    }
    return e;
  }

  /** A small file of the archive (manifest, index, config), read whole. */
  private static byte[] document(Map<String, Entry> files, String name) throws IOException {
    Entry e = entry(files, name);
    if (e.size() > MAX_DOCUMENT) {
      throw new RegistryException(0, name + " is larger than " + MAX_DOCUMENT + " bytes");
    }
    try (InputStream in = e.content().open()) {
      return in.readAllBytes();
    }
  }

  private static StreamedImage dockerSave(Map<String, Entry> files, List<Path> temporary) throws IOException {
    if (!(JsonReader.forMetadata().parse(document(files, "manifest.json")) instanceof Json.Arr arr) || arr.items().size() != 1
        || !(arr.items().getFirst() instanceof Json.Obj entry)) {
      throw new RegistryException(0, "manifest.json must list exactly one image");
    }
    if (!(entry.get("Config") instanceof Json.Str configName) || !(entry.get("Layers") instanceof Json.Arr layerNames)) {
      throw new RegistryException(0, "manifest.json: Config and Layers are required");
    }
    byte[] config = document(files, configName.value());
    List<BlobSource> blobs = new ArrayList<>();
    Digest configDigest = Digest.sha256(config);
    blobs.add(new BlobSource(configDigest, config.length, () -> new ByteArrayInputStream(config)));
    List<Json> layers = new ArrayList<>();
    for (Json l : layerNames.items()) {
      if (!(l instanceof Json.Str name)) {
        throw new RegistryException(0, "manifest.json: Layers must be strings");
      }
      BlobSource layer = gzipped(entry(files, name.value()), temporary);
      blobs.add(layer);
      layers.add(descriptor(DOCKER_LAYER, layer.digest(), layer.size()));
    }
    Json.Obj manifest = Json.object()
        .put("schemaVersion", new Json.Num(2))
        .put("mediaType", new Json.Str(MediaType.DOCKER_MANIFEST.value()))
        .put("config", descriptor(MediaType.DOCKER_CONFIG, configDigest, config.length))
        .put("layers", new Json.Arr(layers))
        .build();
    return new StreamedImage(MediaType.DOCKER_MANIFEST, Bytes.wrap(GoJson.encode(manifest)), blobs, List.of());
  }

  private static Json.Obj descriptor(MediaType type, Digest d, long size) {
    return Json.object().put("mediaType", new Json.Str(type.value())).put("size", new Json.Num(size))
        .put("digest", new Json.Str(d.toString())).build();
  }

  /**
   * The layer as docker pushes it: gzip-compressed (already compressed layers unchanged, hashed in one
   * read); an uncompressed layer is compressed into a temporary file, hashed as it is written.
   */
  private static BlobSource gzipped(Entry layer, List<Path> temporary) throws IOException {
    boolean compressed;
    try (InputStream in = layer.content().open()) {
      byte[] magic = in.readNBytes(2);
      compressed = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }
    MessageDigest sha = Digest.Algorithm.SHA256.newHasher();
    if (compressed) {
      try (InputStream in = new DigestInputStream(layer.content().open(), sha)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return new BlobSource(Digest.of(Digest.Algorithm.SHA256, sha), layer.size(), layer.content());
    }
    Path tmp = Files.createTempFile("hallmark-layer", ".tar.gz");
    temporary.add(tmp);
    try (InputStream in = layer.content().open();
        var gz = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(tmp), sha), 64 * 1024)) {
      in.transferTo(gz);
    }
    return new BlobSource(Digest.of(Digest.Algorithm.SHA256, sha), Files.size(tmp), () -> Files.newInputStream(tmp));
  }

  /**
   * Writes an image as an OCI image layout tar: {@code oci-layout}, {@code index.json} naming the image
   * (manifest or index) with {@code tag}, and every manifest and blob under {@code blobs/sha256/},
   * streamed from the image's blob sources.
   */
  public static void writeOciLayout(StreamedImage image, String tag, OutputStream out) throws IOException {
    byte[] layout = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
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
    writeBytes(out, "oci-layout", layout);
    writeBytes(out, "index.json", GoJson.encode(index));
    writeTree(out, image, new HashSet<>());
    Tar.end(out);
  }

  private static void writeTree(OutputStream out, StreamedImage image, Set<Digest> written) throws IOException {
    if (written.add(image.digest())) {
      writeBytes(out, path(image.digest()), image.manifest().unsafeArray());
    }
    for (BlobSource b : image.blobs()) {
      if (written.add(b.digest())) {
        try (InputStream in = b.content().open()) {
          Tar.writeEntry(out, path(b.digest()), b.size(), in);
        }
      }
    }
    for (StreamedImage child : image.children()) {
      writeTree(out, child, written);
    }
  }

  private static void writeBytes(OutputStream out, String name, byte[] bytes) throws IOException {
    Tar.writeEntry(out, name, bytes.length, new ByteArrayInputStream(bytes));
  }

  private static String path(Digest d) {
    return "blobs/" + d.algorithm().wireName() + "/" + d.hex();
  }
}
