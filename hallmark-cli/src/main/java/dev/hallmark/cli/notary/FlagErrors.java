package dev.hallmark.cli.notary;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Command-line errors of the root and of notary's commands as the notary CLI reports them (its
 * command library, cobra with pflag): {@code "\n* fatal: <message>\n"} on standard output and exit
 * status 1, in pflag's words ({@code unknown flag: --x}, {@code unknown shorthand flag: 'x' in -vx},
 * {@code flag needs an argument: 'd' in -d}, {@code unknown command "x" for "hallmark"}). Where
 * cobra prints help instead of failing, so does this: {@code -h}/{@code --help} after any command,
 * and a command group ({@code key}, {@code delegation}) given no or an unknown subcommand.
 */
public final class FlagErrors {
  private FlagErrors() {}

  /** Whether the command's errors are notary's: the root and every command of notary's set. */
  public static boolean applies(CommandLine cmd) {
    Object user = cmd.getCommandSpec().userObject();
    return cmd.getParent() == null || user.getClass().getPackageName().equals(FlagErrors.class.getPackageName());
  }

  /** Prints what notary would for the error and returns its exit status. */
  public static int report(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter out = cmd.getOut();
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String token = u.getUnmatched().getFirst();
      boolean group = cmd.getParent() != null && !cmd.getSubcommands().isEmpty();
      if (token.equals("-h") || token.equals("--help") || group && !isFlag(token)) {
        out.print(cmd.getUsageMessage());
        out.flush();
        return 0;
      }
    }
    out.print("\n* fatal: " + message(ex, args) + "\n");
    out.flush();
    return 1;
  }

  /** pflag's (or cobra's) message for the error. */
  static String message(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String token = u.getUnmatched().getFirst();
      if (token.startsWith("--")) {
        int eq = token.indexOf('=');
        return "unknown flag: " + (eq > 0 ? token.substring(0, eq) : token);
      }
      if (isFlag(token)) {
        for (int i = 1; i < token.length(); i++) {
          OptionSpec o = cmd.getCommandSpec().findOption(token.charAt(i));
          if (o == null) {
            return "unknown shorthand flag: '" + token.charAt(i) + "' in " + token;
          }
          if (o.arity().max() > 0) {
            break;   // the rest of the cluster is its value
          }
        }
        return "unknown flag: " + token;
      }
      if (cmd.getParent() == null) {
        return "unknown command \"" + token + "\" for \"" + cmd.getCommandName() + "\"";
      }
      return "unknown flag: " + token;
    }
    if (ex instanceof CommandLine.MissingParameterException m) {
      for (ArgSpec a : m.getMissing()) {
        if (a instanceof OptionSpec o) {
          return "flag needs an argument: " + written(o, args);
        }
      }
    }
    if (ex.getArgSpec() instanceof OptionSpec o && ex.getValue() != null && o.type() == int.class) {
      return "invalid argument \"" + ex.getValue() + "\" for \"" + names(o) + "\" flag: strconv.ParseInt: parsing \""
          + ex.getValue() + "\": invalid syntax";
    }
    return ex.getMessage();
  }

  private static boolean isFlag(String token) {
    return token.length() > 1 && token.charAt(0) == '-';
  }

  /** How the command line named the option that lacks its value, as pflag quotes it. */
  private static String written(OptionSpec o, String[] args) {
    for (int i = args.length - 1; i >= 0; i--) {
      String a = args[i];
      if (a.startsWith("--")) {
        if (List.of(o.names()).contains(a)) {
          return a;
        }
      } else if (isFlag(a)) {
        char last = a.charAt(a.length() - 1);
        if (List.of(o.names()).contains("-" + last)) {
          return "'" + last + "' in " + a;
        }
      }
    }
    return o.longestName();
  }

  /** pflag's "-l, --legacy" (or "--legacy" without a shorthand). */
  private static String names(OptionSpec o) {
    String shortName = null;
    for (String n : o.names()) {
      if (n.length() == 2) {
        shortName = n;
      }
    }
    return shortName == null ? o.longestName() : shortName + ", " + o.longestName();
  }
}
