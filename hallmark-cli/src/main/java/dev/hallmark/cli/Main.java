package dev.hallmark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import dev.hallmark.cli.admin.AdminCommand;
import dev.hallmark.cli.notary.DelegationCommands;
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
    description = "Hallmark: a trusted container registry (Notary-compatible trust server).",
    subcommands = {ServerCommand.class, AdminCommand.class, CommandLine.HelpCommand.class,
        TufCommands.Init.class, TufCommands.Add.class, TufCommands.AddHash.class, TufCommands.Remove.class,
        TufCommands.Publish.class, TufCommands.ListTargets.class, TufCommands.Lookup.class, TufCommands.Status.class,
        TufCommands.Reset.class, TufCommands.Delete.class, TufCommands.Witness.class, TufCommands.Verify.class,
        TufCommands.VersionCommand.class, DelegationCommands.class, KeyCommands.class})
public final class Main implements Runnable {
  /** notary's global flags, inherited by every subcommand so they may come before or after it. */
  @CommandLine.Mixin(name = "notary")
  GlobalOptions notaryGlobals;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code. */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, System.getenv());
  }

  /** Runs the command line with the given environment (credentials of {@code admin}) and returns the exit code. */
  static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == AdminCommand.class ? cls.cast(new AdminCommand(env)) : defaults.create(cls);
      }
    };
    var cl = new CommandLine(new Main(), factory);
    cl.setOut(out);
    cl.setErr(err);
    CommandLine.IParameterExceptionHandler standard = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((ex, args1) -> {
      var cmd = ex.getCommandLine();
      if (cmd.getCommandSpec().userObject().getClass().getPackageName().equals(GlobalOptions.class.getPackageName())) {
        // notary (cobra) reports flag errors without usage: "\n* fatal: unknown flag: --x\n" on stdout
        String msg = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
            ? "unknown flag: " + u.getUnmatched().getFirst() : ex.getMessage();
        cmd.getOut().print("\n* fatal: " + msg + "\n");
        cmd.getOut().flush();
        return 1;
      }
      return standard.handleParseException(ex, args1);
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
