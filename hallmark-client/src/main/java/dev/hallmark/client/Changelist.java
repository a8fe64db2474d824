package dev.hallmark.client;

import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.json.CanonicalJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The staged changes of one collection in notary's on-disk format (reference
 * client/changelist/file_changelist.go): one file per change,
 * {@code <trustDir>/tuf/<GUN>/changelist/<%020d unix nanos>_<uuid>.change}, holding Go standard JSON
 * ({@code action, role, type, path, data}; data base64 or {@code null}). Files are applied and
 * numbered in file-name order, so notary and hallmark read each other's changes.
 */
public final class Changelist {
  private static final System.Logger LOG = System.getLogger(Changelist.class.getName());
  private static final long MAX_CHANGE_FILE = 16L << 20;
  private final Path dir;
  private final Clock clock;
  private long lastNanos;

  private Changelist(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** The changelist of a collection in a trust directory (the directory is created on first add). */
  public static Changelist of(Path trustDir, Gun gun) {
    return new Changelist(trustDir.resolve("tuf").resolve(gun.value()).resolve("changelist"), Clock.systemUTC());
  }

  /** The directory holding the change files. */
  public Path location() {
    return dir;
  }

  /** The staged changes in application order; unreadable files are skipped with a warning, as notary. */
  public List<Change> list() throws IOException {
    List<Change> out = new ArrayList<>();
    for (Path f : files()) {
      try {
        out.add(decode(Files.readAllBytes(f)));
      } catch (IllegalArgumentException | JsonException e) {
        LOG.log(Level.WARNING, "skipping change file {0}: {1}", f, e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** Stages a change as a new file (mode 0600, directory 0700). */
  public synchronized void add(Change change) throws IOException {
    createDirectories();
    Instant now = clock.instant();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (nanos <= lastNanos) {
      nanos = lastNanos + 1;   // keep file-name order = staging order within one process
    }
    lastNanos = nanos;
    String name = String.format("%020d_%s.change", nanos, UUID.randomUUID());
    // written beside the directory and moved in whole: notary reads every file in it, and a change cut
    // short by a killed process would make every later publish fail
    Path tmp = dir.resolveSibling("." + name + ".tmp");
    try {
      if (posix()) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(tmp, encode(change));
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Removes the changes at the given positions of {@link #list()}'s file order. */
  public void remove(Collection<Integer> indexes) throws IOException {
    Set<Integer> wanted = new HashSet<>(indexes);
    List<Path> files = files();
    for (int i = 0; i < files.size(); i++) {
      if (wanted.contains(i)) {
        Files.deleteIfExists(files.get(i));
      }
    }
  }

  /** Removes every staged change. */
  public void clear() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (!Files.isDirectory(p) && Files.size(p) <= MAX_CHANGE_FILE) {
          out.add(p);
        }
      }
    }
    out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return out;
  }

  /** Go {@code json.Marshal(TUFChange)}. */
  static byte[] encode(Change c) {
    var out = new ByteArrayOutputStream(128 + c.data().length() * 2);
    out.writeBytes("{\"action\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(c.action().wire(), out);
    out.writeBytes(",\"role\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(c.scope(), out);
    out.writeBytes(",\"type\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(c.type().wire(), out);
    out.writeBytes(",\"path\":".getBytes(StandardCharsets.US_ASCII));
    CanonicalJson.writePlainString(c.path(), out);
    out.writeBytes(",\"data\":".getBytes(StandardCharsets.US_ASCII));
    if (c.data().length() == 0) {
      out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
    } else {
      out.writeBytes(('"' + c.data().base64() + '"').getBytes(StandardCharsets.US_ASCII));
    }
    out.write('}');
    return out.toByteArray();
  }

  static Change decode(byte[] file) {
    if (!(JsonReader.forMetadata().parse(file) instanceof Json.Obj o)) {
      throw new IllegalArgumentException("change is not a JSON object");
    }
    Bytes data = Bytes.wrap(new byte[0]);
    if (o.get("data") instanceof Json.Str s) {
      data = Bytes.wrap(Base64.getDecoder().decode(s.value()));
    }
    return new Change(
        Change.Action.valueOf(str(o, "action").toUpperCase(java.util.Locale.ROOT)),
        str(o, "role"), Change.Type.fromWire(str(o, "type")), str(o, "path"), data);
  }

  private static String str(Json.Obj o, String name) {
    Json v = o.get(name);
    if (v instanceof Json.Str s) {
      return s.value();
    }
    if (v == null || v instanceof Json.Null) {
      return "";
    }
    throw new IllegalArgumentException("change field " + name + " is not a string");
  }

  private void createDirectories() throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    // every directory made here is owner-only, as notary's MkdirAll(dir, 0700) makes them: the
    // GUN's directories too when the changelist is the first thing written for it
    if (posix()) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
