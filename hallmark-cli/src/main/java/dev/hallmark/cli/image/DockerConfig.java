package dev.hallmark.cli.image;

import dev.hallmark.tuf.json.GoJson;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonException;
import dev.hallmark.tuf.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's client configuration ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}):
 * the {@code auths} entries {@code docker login} writes, so logins are shared between docker and
 * hallmark. Other members of the file are kept as they are. The file is written 0600.
 */
final class DockerConfig {
  private final Path file;

  DockerConfig(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    this.file = dir != null && !dir.isEmpty() ? Path.of(dir, "config.json")
        : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker", "config.json");
  }

  Path file() {
    return file;
  }

  /** The stored user and password for a registry host ({@code host:port}), if any. */
  Optional<String[]> credentials(String registry) throws IOException {
    if (!(read().get("auths") instanceof Json.Obj auths) || !(auths.get(registry) instanceof Json.Obj entry)
        || !(entry.get("auth") instanceof Json.Str auth)) {
      return Optional.empty();
    }
    String decoded = new String(Base64.getDecoder().decode(auth.value().trim()), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    return colon > 0 ? Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)})
        : Optional.empty();
  }

  /** Stores credentials for a registry host, as {@code docker login} does. */
  void store(String registry, String user, String password) throws IOException {
    Json.Obj config = read();
    var auths = Json.object();
    if (config.get("auths") instanceof Json.Obj existing) {
      existing.members().forEach(auths::put);
    }
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    auths.put(registry, Json.object().put("auth", Json.of(auth)).build());
    var out = Json.object();
    config.members().forEach(out::put);
    out.put("auths", auths.build());
    Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, GoJson.encode(out.build()));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Json.Obj read() throws IOException {
    if (!Files.exists(file)) {
      return Json.object().build();
    }
    try {
      return JsonReader.forMetadata().parse(Files.readAllBytes(file)) instanceof Json.Obj o ? o
          : Json.object().build();
    } catch (JsonException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
