package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code /usr/bin/notary} with an environment, standard input closed, output and errors merged. */
final class NotaryProcess {
  static final String PATH = "/usr/bin/notary";

  private NotaryProcess() {}

  /** What a run printed and its exit status. */
  record Result(int status, String out) {}

  static Result run(Map<String, String> env, List<String> args) throws Exception {
    var cmd = new ArrayList<>(List.of(PATH));
    cmd.addAll(args);
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
