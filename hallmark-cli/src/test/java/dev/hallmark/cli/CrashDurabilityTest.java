package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server acknowledged survives its process being killed (SIGKILL, as the kernel's OOM killer
 * or a node failure would) right after the acknowledgement: the server runs in its own JVM on the
 * embedded database, is killed after each publish and restarted on the same data directory, and the
 * client, which cached what it published, must find every target on the restarted server.
 */
class CrashDurabilityTest {
  private static final String PW = "crash-test-passphrase";

  @TempDir Path dir;

  @Test
  void acknowledgedPublishesSurviveAKillRightAfterTheResponse() throws Exception {
    Path data = dir.resolve("data");
    Path artifact = Files.writeString(dir.resolve("artifact.txt"), "crash test artifact\n");
    String gun = "example.com/crash/app";
    int port = ServerProcess.freePort();
    ServerProcess server = ServerProcess.start(data, port, dir.resolve("server-0.log"));
    try {
      run(server, "init", gun, "-p");
      for (int i = 1; i <= 3; i++) {
        run(server, "add", gun, "v" + i, artifact.toString(), "-p");
        server.kill();
        server = ServerProcess.start(data, port, dir.resolve("server-" + i + ".log"));
        String list = run(server, "list", gun);
        for (int j = 1; j <= i; j++) {
          assertThat(list).as("after kill %d", i).contains("v" + j);
        }
      }
    } finally {
      server.close();
    }
  }

  private String run(ServerProcess server, String... command) {
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("trust").toString(), "-s", server.url(),
        "--tlscacert", server.caCert().toString()));
    args.addAll(List.of(command));
    Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString()));
    for (String role : List.of("ROOT", "TARGETS", "SNAPSHOT", "DELEGATION")) {
      env.put("NOTARY_" + role + "_PASSPHRASE", PW);
    }
    var out = new StringWriter();
    int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true), env);
    assertThat(code).as(String.join(" ", command) + "\n" + out).isZero();
    return out.toString();
  }
}
