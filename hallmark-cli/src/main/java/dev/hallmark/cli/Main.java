package dev.hallmark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import dev.hallmark.cli.admin.AdminCommand;
import dev.hallmark.cli.admin.BundleCommand;
import dev.hallmark.cli.admin.DelegateCommand;
import dev.hallmark.cli.image.LoginCommand;
import dev.hallmark.cli.image.PolicyCommand;
import dev.hallmark.cli.image.PullCommand;
import dev.hallmark.cli.image.PushCommand;
import dev.hallmark.cli.log.CliLoggerFinder;
import dev.hallmark.cli.notary.DelegationCommands;
import dev.hallmark.cli.notary.FlagErrors;
import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.cli.notary.KeyCommands;
import dev.hallmark.cli.notary.TufCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hallmark} command.
 *
 * <p>Exit codes: 0 success, 1 failure (the message is printed), 2 usage error.
 */
@Command(name = "hallmark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Hallmark: a trusted container registry (Notary-compatible trust server).")
public final class Main implements Runnable {
  /**
   * The subcommands, in the order {@code --help} lists them. Building picocli's model of all of them
   * (reflection over every annotated field, interpreted at start-up) costs more than most commands
   * themselves, so {@link #execute} registers only the one the arguments name; see {@link #needed}.
   */
  static final List<String> COMMANDS = List.of("server", "admin", "help", "init", "add", "addhash", "remove", "publish",
      "list", "lookup", "status", "reset", "delete", "witness", "verify", "version", "delegation", "key",
      "push", "pull", "login", "bundle", "delegate", "policy");

  /** The root's options that take a value (GlobalOptions), which the scan for the command word skips. */
  private static final Set<String> VALUE_OPTIONS = Set.of("-d", "--trustDir", "-c", "--configFile", "-s", "--server",
      "--tlscacert", "--tlscert", "--tlskey");
  private static final Set<String> FLAG_OPTIONS = Set.of("-D", "--debug", "-v", "--verbose", "-h", "--help",
      "-V", "--version");

  private static Class<?> command(String name) {
    return switch (name) {
      case "server" -> ServerCommand.class;
      case "admin" -> AdminCommand.class;
      case "help" -> HelpCommand.class;
      case "init" -> TufCommands.Init.class;
      case "add" -> TufCommands.Add.class;
      case "addhash" -> TufCommands.AddHash.class;
      case "remove" -> TufCommands.Remove.class;
      case "publish" -> TufCommands.Publish.class;
      case "list" -> TufCommands.ListTargets.class;
      case "lookup" -> TufCommands.Lookup.class;
      case "status" -> TufCommands.Status.class;
      case "reset" -> TufCommands.Reset.class;
      case "delete" -> TufCommands.Delete.class;
      case "witness" -> TufCommands.Witness.class;
      case "verify" -> TufCommands.Verify.class;
      case "version" -> TufCommands.VersionCommand.class;
      case "delegation" -> DelegationCommands.class;
      case "key" -> KeyCommands.class;
      case "push" -> PushCommand.class;
      case "pull" -> PullCommand.class;
      case "login" -> LoginCommand.class;
      case "policy" -> PolicyCommand.class;
      case "bundle" -> BundleCommand.class;
      case "delegate" -> DelegateCommand.class;
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * The subcommands picocli needs to parse {@code args} exactly as with all of them registered: the
   * one named by the first word that is not a root option or its value, none for a plain
   * {@code --version}, and all of them whenever the scan is not sure (help, usage errors, an unknown
   * word, an option value that names a command), so every message and exit code stays the same.
   */
  static List<String> needed(String[] args) {
    boolean version = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (COMMANDS.contains(a)) {
        return a.equals("help") ? COMMANDS : List.of(a);
      }
      if (FLAG_OPTIONS.contains(a)) {
        if (a.equals("-h") || a.equals("--help")) {
          return COMMANDS;
        }
        version |= a.equals("-V") || a.equals("--version");
      } else if (VALUE_OPTIONS.contains(a)) {
        // picocli refuses a command name as an option's value; let it say so with the full usage
        if (++i >= args.length || COMMANDS.contains(args[i])) {
          return COMMANDS;
        }
      } else if (a.startsWith("--") && a.indexOf('=') > 0 && VALUE_OPTIONS.contains(a.substring(0, a.indexOf('=')))) {
        continue;
      } else {
        int cluster = shortCluster(a);
        if (cluster < 0 || cluster == 1 && (++i >= args.length || COMMANDS.contains(args[i]))) {
          return COMMANDS;
        }
      }
    }
    return version ? List.of() : COMMANDS;
  }

  /**
   * A cluster of short root options ({@code -vD}, {@code -d/dir}, {@code -vd} followed by its value):
   * 0 when complete, 1 when its last option takes the next argument, -1 when it is anything else.
   */
  private static int shortCluster(String a) {
    if (a.length() < 2 || a.charAt(0) != '-' || a.charAt(1) == '-') {
      return -1;
    }
    for (int j = 1; j < a.length(); j++) {
      String o = "-" + a.charAt(j);
      if (VALUE_OPTIONS.contains(o)) {
        if (j == a.length() - 1) {
          return 1;
        }
        return a.charAt(j + 1) == '=' && j + 2 == a.length() ? -1 : 0;
      }
      if (!FLAG_OPTIONS.contains(o) || o.equals("-h") || o.equals("-V")) {
        return -1;
      }
    }
    return 0;
  }

  /** notary's global flags, inherited by every subcommand so they may come before or after it. */
  @CommandLine.Mixin(name = "notary")
  GlobalOptions notaryGlobals;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * Whether a command talks to the server (TLS with an ECDSA P-256 certificate) or signs: its
   * first P-256 operation would build the JDK's generator table on the critical path.
   */
  private static boolean usesP256(String command, List<String> args) {
    boolean publish = args.contains("-p") || args.contains("--publish");
    return switch (command) {
      case "init", "publish", "list", "lookup", "delete", "verify" -> true;
      case "add", "addhash", "remove", "witness" -> publish;
      case "delegation" -> publish || args.contains("list");
      case "key" -> args.contains("rotate");
      case "push", "pull", "delegate", "policy" -> true;
      default -> false;
    };
  }

  /**
   * Has the JDK build its one-time table for the P-256 generator on another core while this one
   * parses the command line, reads the trust directory and verifies cached metadata. The first ECDHE
   * key share, ECDSA verification (the server's certificate) or signature on the curve builds it:
   * about 50 ms of cold code that the TLS handshake would otherwise wait for. Only the JDK's table is
   * kept; the key pair is thrown away.
   */
  private static void prepareP256() {
    Thread.ofPlatform().daemon().name("hallmark-p256").start(() -> {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        g.generateKeyPair();
      } catch (GeneralSecurityException | RuntimeException e) {
        // only a head start: the handshake or the signature reports a real problem with the provider
      }
    });
  }

  /** Without a command, as notary: the usage, and success. */
  @Override
  public void run() {
    spec.commandLine().getOut().print(spec.commandLine().getUsageMessage());
    spec.commandLine().getOut().flush();
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("__aot-train")) {
      // hidden: the launcher's AOT cache training run (see AotTraining)
      System.exit(AotTraining.run(new PrintWriter(System.err, true)));
    }
    if (args.length == 2 && args[0].equals("__aot-train-server")) {
      System.exit(AotTraining.serve(java.nio.file.Path.of(args[1])));
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code. */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, needed(args), System.getenv());
  }

  /** Runs the command line with the given environment (credentials of {@code admin}) and returns the exit code. */
  static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return execute(args, out, err, needed(args), env);
  }

  /** Runs the command line with the given subcommands registered (tests compare against all of them). */
  static int execute(String[] args, PrintWriter out, PrintWriter err, List<String> needed) {
    return execute(args, out, err, needed, System.getenv());
  }

  private static int execute(String[] args, PrintWriter out, PrintWriter err, List<String> needed,
      Map<String, String> env) {
    if (needed.isEmpty()) {
      // only root flags and --version: what picocli would print, without building its model
      try {
        for (String line : new Version().getVersion()) {
          out.println(line);
        }
      } catch (IOException e) {
        err.println("hallmark: " + e.getMessage());
        return 1;
      }
      out.flush();
      return 0;
    }
    if (needed.size() == 1 && usesP256(needed.getFirst(), List.of(args))) {
      prepareP256();
    }
    var cl = new CommandLine(new Main());
    ((GlobalOptions) cl.getCommandSpec().mixins().get("notary").userObject()).environment(env);
    for (String name : needed) {
      cl.addSubcommand(name, command(name));
    }
    cl.setOut(out);
    cl.setErr(err);
    CommandLine.IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
    // the root's and notary's commands fail as notary does; Hallmark's own commands keep picocli's usage errors
    cl.setParameterExceptionHandler((ex, args1) -> FlagErrors.applies(ex.getCommandLine())
        ? FlagErrors.report(ex, args1) : standard.handleParseException(ex, args1));
    // pflag lets a repeated flag override the earlier one (-d a ... -d b)
    cl.setOverwrittenOptionsAllowed(true);
    cl.setExecutionStrategy(parsed -> {
      // library log lines: the server's log for the server, notary's lines (and -D/-v) for the rest
      if (parsed.hasSubcommand() && parsed.subcommand().commandSpec().userObject() instanceof ServerCommand) {
        CliLoggerFinder.useServerLogging();
      } else {
        GlobalOptions globals = GlobalOptions.of(parsed.commandSpec());
        CliLoggerFinder.threshold(globals.debug(), globals.verbose());
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("hallmark: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cl.execute(args);
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      var p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/hallmark-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"hallmark " + p.getProperty("version", "unknown"),
          " Java version: " + Runtime.version()};
    }
  }
}
