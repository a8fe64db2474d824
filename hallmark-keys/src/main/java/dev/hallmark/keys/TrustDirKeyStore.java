package dev.hallmark.keys;

import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Pem;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The private keys of a notary or Docker trust directory: {@code <dir>/private/<key id>.key}, one
 * encrypted PEM file per key, directories 0700 and files 0600 (reference trustmanager/keystore.go,
 * storage/filestore.go). notary 0.7 and {@code docker trust} read what this store writes, and the
 * other way round.
 *
 * <p>Opening a store migrates the pre-0.4 layout ({@code private/root_keys/<id>_root.key},
 * {@code private/tuf_keys/<gun>/<id>_<role>.key}) into the flat one, as notary does. Listing reads
 * only file names and PEM headers; reading a key asks the {@link PassphraseRetriever}.
 *
 * {@snippet :
 * var store = TrustDirKeyStore.open(Path.of(home, ".notary"), PassphraseRetriever.notary(env, Console.system()));
 * PrivateKey key = PrivateKey.generateEcdsa(KeyRole.TARGETS, gun);
 * store.add(key);                         // asks for a new "targets" passphrase
 * PrivateKey again = store.key(key.id()); // asks for it again to decrypt
 * }
 */
public final class TrustDirKeyStore {
  static final String PRIVATE_DIR = "private";
  static final String EXTENSION = ".key";
  static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
  private static final long MAX_KEY_FILE = 1 << 20;
  private static final int MAX_ATTEMPTS = 10;
  private static final System.Logger LOG = System.getLogger(TrustDirKeyStore.class.getName());

  private final Path dir;
  private final PassphraseRetriever passphrases;
  private final KeyFileCodec codec;

  private TrustDirKeyStore(Path dir, PassphraseRetriever passphrases, KeyFileCodec codec) {
    this.dir = dir;
    this.passphrases = Objects.requireNonNull(passphrases);
    this.codec = Objects.requireNonNull(codec);
  }

  /**
   * Opens the key store of a trust directory, creating {@code private/} (0700) when missing and
   * migrating legacy key files.
   */
  public static TrustDirKeyStore open(Path trustDir, PassphraseRetriever passphrases) throws IOException {
    return open(trustDir, passphrases, new KeyFileCodec());
  }

  static TrustDirKeyStore open(Path trustDir, PassphraseRetriever passphrases, KeyFileCodec codec) throws IOException {
    Path dir = trustDir.toAbsolutePath().normalize().resolve(PRIVATE_DIR);
    createDirectories(dir);
    var store = new TrustDirKeyStore(dir, passphrases, codec);
    LegacyKeyMigration.migrate(store);
    return store;
  }

  /** The {@code private} directory. */
  public Path location() {
    return dir;
  }

  /** All keys, sorted by ID, from file names and headers only; unreadable files are skipped. */
  public synchronized List<KeyEntry> list() throws IOException {
    List<KeyEntry> entries = new ArrayList<>();
    for (Path file : keyFiles(dir)) {
      String name = file.getFileName().toString();
      KeyId id = new KeyId(name.substring(0, name.length() - EXTENSION.length()));
      try {
        Pem block = Pem.decodeFirst(read(file));
        if (block == null || !KeyFileCodec.isKeyBlock(block.type())) {
          LOG.log(Level.WARNING, "skipping {0}: not a private key file", file);
          continue;
        }
        entries.add(new KeyEntry(id, KeyFileCodec.roleOf(block), KeyFileCodec.gunOf(block), dir, file));
      } catch (KeyException | IOException e) {
        LOG.log(Level.WARNING, "skipping {0}: {1}", file, e.getMessage());
      }
    }
    entries.sort(Comparator.comparing(KeyEntry::id));
    return List.copyOf(entries);
  }

  /** The listing entry of one key. */
  public synchronized Optional<KeyEntry> entry(KeyId id) throws IOException {
    return list().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /**
   * Reads and decrypts a key, asking the passphrase retriever with the key's role as alias.
   *
   * @throws KeyException {@code KEY_NOT_FOUND}, {@code PASSPHRASE_INVALID} ("password invalid,
   *     operation has failed."), {@code ATTEMPTS_EXCEEDED} or {@code INVALID_KEY}
   */
  public synchronized PrivateKey key(KeyId id) throws IOException {
    Path file = fileOf(id);
    String text;
    try {
      text = read(file);
    } catch (NoSuchFileException e) {
      throw notFound(id);
    }
    Pem block = Pem.decodeFirst(text);
    if (block == null) {
      throw new KeyException(KeyException.Kind.INVALID_KEY, "no valid private key found");
    }
    if (!KeyFileCodec.isEncrypted(block)) {
      return codec.decode(block, Passphrase.empty());
    }
    String alias = KeyFileCodec.roleOf(block).value();
    for (int attempt = 0; ; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw KeyException.attemptsExceeded();
      }
      switch (passphrases.answer(new PassphraseRequest(id.value(), alias, false, attempt))) {
        case PassphraseAnswer.Given given -> {
          try {
            return codec.decode(block, given.passphrase());
          } catch (KeyException e) {
            if (e.kind() != KeyException.Kind.WRONG_PASSPHRASE) {
              throw e;
            }
          }
        }
        case PassphraseAnswer.Retry retry -> throw KeyException.passphraseInvalid();
        case PassphraseAnswer.GiveUp giveUp -> throw KeyException.passphraseInvalid();
      }
    }
  }

  /**
   * Stores a key as {@code private/<id>.key}, encrypted with a new passphrase from the retriever
   * (alias = the key's role), replacing a file of the same ID.
   *
   * @throws KeyException {@code ATTEMPTS_EXCEEDED} when no passphrase is given
   */
  public synchronized void add(PrivateKey key) throws IOException {
    add(key, passphrases);
  }

  private void add(PrivateKey key, PassphraseRetriever source) throws IOException {
    Passphrase passphrase = newPassphrase(source, key.id().value(), key.role().value());
    write(fileOf(key.id()), codec.encode(key, passphrase));
  }

  /** Deletes a key file. @throws KeyException {@code KEY_NOT_FOUND} */
  public synchronized void remove(KeyId id) throws IOException {
    if (!Files.deleteIfExists(fileOf(id))) {
      throw notFound(id);
    }
  }

  /**
   * Re-encrypts a key: decrypts it with the store's retriever, then asks {@code newPassphrases} for
   * the new one (a separate retriever, so a cached old passphrase is not reused), as {@code notary
   * key passwd} does.
   */
  public synchronized void changePassphrase(KeyId id, PassphraseRetriever newPassphrases) throws IOException {
    PrivateKey key = key(id);
    add(key, newPassphrases);
  }

  /**
   * The key files of the given IDs as {@code notary key export --key} writes them: the stored PEM
   * blocks, still encrypted, each with a {@code path} header naming its file.
   */
  public synchronized String export(Collection<KeyId> ids) throws IOException {
    Set<String> wanted = new java.util.HashSet<>();
    ids.forEach(id -> wanted.add(id.value()));
    var out = new StringBuilder();
    for (Path file : keyFiles(dir)) {
      if (wanted.contains(baseId(file))) {
        exportFile(file, out);
      }
    }
    return out.toString();
  }

  /** The keys whose {@code gun} header is exactly this GUN, as {@code notary key export --gun}. */
  public synchronized String export(Gun gun) throws IOException {
    var out = new StringBuilder();
    for (Path file : keyFiles(dir)) {
      Pem first = Pem.decodeFirst(read(file));
      if (first != null && gun.value().equals(first.headers().get("gun"))) {
        exportFile(file, out);
      }
    }
    return out.toString();
  }

  /** All key files, as {@code notary key export} without filters. */
  public synchronized String exportAll() throws IOException {
    var out = new StringBuilder();
    for (Path file : keyFiles(dir)) {
      exportFile(file, out);
    }
    return out.toString();
  }

  private void exportFile(Path file, StringBuilder out) throws IOException {
    String rel = dir.relativize(file).toString().replace('\\', '/');
    String path = rel.substring(0, rel.length() - EXTENSION.length());
    for (Pem block : Pem.decodeAll(read(file))) {
      Map<String, String> headers = new LinkedHashMap<>(block.headers());
      headers.put("path", path);
      out.append(PemText.encode(new Pem(block.type(), headers, block.content())));
    }
  }

  /** Imports keys with no fallback GUN; see {@link #importKeys(String, KeyRole, Gun)}. */
  public synchronized List<KeyId> importKeys(String pemText, KeyRole fallbackRole) throws IOException {
    return importBlocks(pemText, fallbackRole, null);
  }

  /**
   * Imports PEM key blocks as {@code notary key import} does (reference trustmanager/keys.go
   * {@code ImportKeys}): legacy {@code path} headers ({@code tuf_keys/<gun>/<id>}) give the GUN; a
   * block without role gets {@code fallbackRole} (or {@code delegation} when that is empty); targets,
   * snapshot and timestamp keys need a GUN (the block's or {@code fallbackGun}), other roles lose it;
   * the file is named by the {@code path} header or, for an unencrypted key, its key ID; unencrypted
   * keys are encrypted with a new passphrase; adjacent blocks with the same path share one file.
   * Rejected blocks are skipped with a warning.
   *
   * @return the IDs (file names) written
   * @throws KeyException {@code IMPORT_FAILED} ("failed to import all keys: invalid key pem block")
   *     when no block could be imported, {@code ATTEMPTS_EXCEEDED} without a new passphrase
   */
  public synchronized List<KeyId> importKeys(String pemText, KeyRole fallbackRole, Gun fallbackGun) throws IOException {
    return importBlocks(pemText, fallbackRole, Objects.requireNonNull(fallbackGun));
  }

  private List<KeyId> importBlocks(String pemText, KeyRole fallbackRole, Gun fallbackGun) throws IOException {
    List<String> errors = new ArrayList<>();
    List<KeyId> written = new ArrayList<>();
    String writeTo = null;
    var toWrite = new StringBuilder();
    for (Pem original : Pem.decodeAll(pemText)) {
      Map<String, String> headers = new LinkedHashMap<>(original.headers());
      legacyPath(headers);
      if (headers.getOrDefault("gun", "").isEmpty() && fallbackGun != null) {
        headers.put("gun", fallbackGun.value());
      }
      if (headers.getOrDefault("role", "").isEmpty()) {
        headers.put("role", fallbackRole.isEmpty() ? KeyRole.DEFAULT_IMPORT.value() : fallbackRole.value());
      }
      Pem block = new Pem(original.type(), headers, original.content());
      String loc;
      try {
        loc = checkValidity(block, headers);
      } catch (KeyException e) {
        LOG.log(Level.WARNING, "failed to import key to store: {0}", e.getMessage());
        errors.add("invalid key pem block");
        continue;
      }
      headers.remove("path");
      block = new Pem(block.type(), headers, block.content());
      String blockText;
      if (!KeyFileCodec.isEncrypted(block)) {
        PrivateKey key;
        try {
          key = codec.decode(block, Passphrase.empty());
        } catch (KeyException e) {
          LOG.log(Level.WARNING, "failed to import key to store: {0}", e.getMessage());
          errors.add("invalid key pem block");
          continue;
        }
        Passphrase passphrase = newPassphrase(passphrases, loc, headers.getOrDefault("role", ""));
        blockText = codec.encode(key, passphrase);
      } else {
        blockText = PemText.encode(block);
      }
      if (!loc.equals(writeTo)) {
        if (writeTo != null) {
          write(fileOf(new KeyId(writeTo)), toWrite.toString());
          written.add(new KeyId(writeTo));
        }
        toWrite.setLength(0);
        writeTo = loc;
      }
      toWrite.append(blockText);
    }
    if (writeTo != null) {
      write(fileOf(new KeyId(writeTo)), toWrite.toString());
      written.add(new KeyId(writeTo));
    } else if (!errors.isEmpty()) {
      throw new KeyException(KeyException.Kind.IMPORT_FAILED, "failed to import all keys: " + String.join(", ", errors));
    }
    return List.copyOf(written);
  }

  /** A {@code path} with directories is a pre-0.4 export: {@code tuf_keys/<gun>/<id>} names the GUN. */
  private static void legacyPath(Map<String, String> headers) {
    String raw = headers.getOrDefault("path", "");
    int slash = raw.lastIndexOf('/');
    if (raw.isEmpty() || slash < 0) {
      return;
    }
    String dirPart = raw.substring(0, slash);
    if (dirPart.startsWith(LegacyKeyMigration.NON_ROOT_DIR)) {
      String gun = strip(dirPart.substring(LegacyKeyMigration.NON_ROOT_DIR.length()), '/');
      if (!gun.isEmpty()) {
        headers.put("gun", gun);
      }
    }
    headers.put("path", raw.substring(slash + 1));
  }

  private String checkValidity(Pem block, Map<String, String> headers) {
    KeyRole role = KeyFileCodec.roleOf(block);
    if (role.carriesGun()) {
      if (headers.getOrDefault("gun", "").isEmpty()) {
        throw new KeyException(KeyException.Kind.IMPORT_FAILED,
            "Cannot have canonical role key without a gun, don't know what gun it belongs to");
      }
    } else {
      headers.remove("gun");
    }
    String loc = headers.getOrDefault("path", "");
    if (loc.isEmpty()) {
      if (KeyFileCodec.isEncrypted(block)) {
        throw new KeyException(KeyException.Kind.IMPORT_FAILED,
            "Invalid key generated, key may be encrypted and does not contain path header");
      }
      return codec.decode(new Pem(block.type(), headers, block.content()), Passphrase.empty()).id().value();
    }
    if (!isSafeName(loc)) {
      throw new KeyException(KeyException.Kind.IMPORT_FAILED, "path header is not a key file name");
    }
    return loc;
  }

  // ---- files ----

  Path dir() {
    return dir;
  }

  Path fileOf(KeyId id) {
    if (!isSafeName(id.value())) {
      throw new IllegalArgumentException("key ID is not a valid file name");
    }
    return dir.resolve(id.value() + EXTENSION);
  }

  static boolean isSafeName(String name) {
    return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
        && name.indexOf('\\') < 0 && name.indexOf('\0') < 0 && name.length() <= 200;
  }

  private static String baseId(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - EXTENSION.length());
  }

  /** Regular {@code *.key} files below the directory, symlinks ignored, in lexical path order as Go walks. */
  static List<Path> keyFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> p.getFileName().toString().endsWith(EXTENSION))
          .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
          .toList();
    }
  }

  static String read(Path file) throws IOException {
    if (Files.size(file) > MAX_KEY_FILE) {
      throw new IOException("key file larger than " + MAX_KEY_FILE + " bytes: " + file);
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /**
   * Writes a file that is 0600 from the moment it exists: a temporary file created with those
   * permissions in the same directory, then renamed over the target.
   */
  void write(Path file, String text) throws IOException {
    createDirectories(file.getParent());
    Path tmp = posix(file)
        ? Files.createTempFile(file.getParent(), ".tmp-", ".partial", PosixFilePermissions.asFileAttribute(FILE_PERMS))
        : Files.createTempFile(file.getParent(), ".tmp-", ".partial");
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void createDirectories(Path d) throws IOException {
    if (Files.isDirectory(d)) {
      return;
    }
    try {
      if (posix(d)) {
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(DIR_PERMS);
        Files.createDirectories(d, attr);
      } else {
        Files.createDirectories(d);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(d)) {
        throw e;
      }
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static Passphrase newPassphrase(PassphraseRetriever source, String keyName, String alias) {
    for (int attempt = 0; ; attempt++) {
      switch (source.answer(new PassphraseRequest(keyName, alias, true, attempt))) {
        case PassphraseAnswer.Given given -> {
          return given.passphrase();
        }
        case PassphraseAnswer.Retry retry -> {
          if (attempt >= MAX_ATTEMPTS) {
            throw KeyException.attemptsExceeded();
          }
        }
        case PassphraseAnswer.GiveUp giveUp -> throw KeyException.attemptsExceeded();
      }
    }
  }

  private static KeyException notFound(KeyId id) {
    return new KeyException(KeyException.Kind.KEY_NOT_FOUND, "signing key not found: " + id);
  }

  private static String strip(String s, char c) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == c) {
      start++;
    }
    while (end > start && s.charAt(end - 1) == c) {
      end--;
    }
    return s.substring(start, end);
  }

  @Override
  public String toString() {
    return "TrustDirKeyStore[" + dir + "]";
  }
}
