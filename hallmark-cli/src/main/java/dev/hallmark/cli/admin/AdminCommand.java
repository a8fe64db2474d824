package dev.hallmark.cli.admin;

import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.tuf.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hallmark admin}: the admin API of a running server. Credentials from
 * {@code HALLMARK_USERNAME}/{@code HALLMARK_PASSWORD} or a prompt; new passwords from
 * {@code HALLMARK_NEW_PASSWORD}, {@code --password-stdin} or a prompt.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Manage users, organisations, teams, members, repositories, certificates and the signing policy of a running server; collect registry garbage.",
    subcommands = {UsersCommand.class, OrgsCommand.class, TeamsCommand.class, MembersCommand.class, ReposCommand.class,
        CertsCommand.class, GcCommand.class, PolicyCommand.class})
public final class AdminCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;


  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  AdminClient client() throws IOException {
    return client(spec);
  }

  /** A client of the admin API for any command (server, CA and credentials as {@code hallmark admin} finds them). */
  static AdminClient client(CommandLine.Model.CommandSpec spec) throws IOException {
    Map<String, String> env = GlobalOptions.of(spec).environment();
    // the server and CA come from the global -s/--server and --tlscacert every command inherits
    String server = globalOption(spec, "--server");
    String caFile = globalOption(spec, "--tlscacert");
    String url = server != null ? server : env.getOrDefault("HALLMARK_URL", "https://127.0.0.1:4443");
    Path ca = caFile != null ? Path.of(caFile)
        : (env.get("HALLMARK_CA_FILE") != null ? Path.of(env.get("HALLMARK_CA_FILE")) : null);
    String user = env.get("HALLMARK_USERNAME");
    if (user == null || user.isEmpty()) {
      user = prompt("Username: ");
    }
    String pw = env.get("HALLMARK_PASSWORD");
    char[] password = pw != null && !pw.isEmpty() ? pw.toCharArray() : secret("Password for " + user + ": ");
    return new AdminClient(URI.create(url.endsWith("/") ? url : url + "/"), ca, user, password);
  }

  private static String globalOption(CommandLine.Model.CommandSpec spec, String name) {
    CommandLine.Model.OptionSpec o = spec.findOption(name);
    if (o == null) {
      o = spec.root().findOption(name);
    }
    return o == null ? null : o.getValue();
  }

  /** A new password: $HALLMARK_NEW_PASSWORD, one line of standard input, or a prompt (twice). */
  String newPassword(boolean fromStdin) throws IOException {
    if (fromStdin) {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("no password on standard input");
      }
      return line;
    }
    String v = GlobalOptions.of(spec).environment().get("HALLMARK_NEW_PASSWORD");
    if (v != null && !v.isEmpty()) {
      return v;
    }
    String a = new String(secret("New password: "));
    String b = new String(secret("Repeat the new password: "));
    if (!a.equals(b)) {
      throw new IllegalArgumentException("the passwords do not match");
    }
    return a;
  }

  private static String prompt(String text) {
    var console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("no terminal to prompt on: set HALLMARK_USERNAME and HALLMARK_PASSWORD");
    }
    String s = console.readLine("%s", text);
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("no input");
    }
    return s;
  }

  private static char[] secret(String text) {
    var console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("no terminal to prompt on: set the password in the environment");
    }
    char[] c = console.readPassword("%s", text);
    if (c == null || c.length == 0) {
      throw new IllegalArgumentException("no input");
    }
    return c;
  }

  static String seg(String s) {
    return AdminClient.segment(s);
  }

  static Json.ObjBuilder obj() {
    return Json.object();
  }

  /** Splits {@code namespace/name}. */
  static String[] repoPath(String s) {
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw new IllegalArgumentException("expected NAMESPACE/NAME, got " + s);
    }
    return new String[] {s.substring(0, slash), s.substring(slash + 1)};
  }

  static String repoUrl(String[] p) {
    StringBuilder sb = new StringBuilder("api/v0/repositories/").append(seg(p[0]));
    for (String part : p[1].split("/")) {
      sb.append('/').append(seg(part));
    }
    return sb.toString();
  }
}
