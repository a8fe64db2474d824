package dev.hallmark.keys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real reference tools for interop tests. */
final class Tools {
  static final Path NOTARY = Path.of("/usr/bin/notary");
  static final Path NOTARY_SOURCE = Path.of("/usr/share/gocode/src/github.com/theupdateframework/notary");

  private Tools() {}

  record Result(int exit, String output) {}

  static void assumeNotary() {
    assumeTrue(!"false".equals(System.getProperty("hallmark.interop")), "interop tests disabled");
    assumeTrue(Files.isExecutable(NOTARY), "notary 0.7 is not installed");
  }

  static Path docker() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "docker");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  static Result run(List<String> command, Map<String, String> env, Path cwd) throws IOException, InterruptedException {
    var pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("NOTARY_") || k.startsWith("DOCKER_"));
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
