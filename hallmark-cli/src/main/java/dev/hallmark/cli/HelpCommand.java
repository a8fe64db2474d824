package dev.hallmark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hallmark help [COMMAND...]}: the usage of the deepest command the words name ({@code help key
 * generate}; words after it are ignored), or of {@code hallmark}; a first word that names no command
 * gets notary's (cobra's) {@code Unknown help topic [`word`]} before the root usage. Always succeeds,
 * as notary's.
 */
@Command(name = "help", description = "Help about any command")
final class HelpCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "COMMAND") List<String> topic = new ArrayList<>();

  @Override
  public void run() {
    CommandLine root = spec.commandLine().getParent();
    CommandLine target = root;
    for (String word : topic) {
      CommandLine next = target.getSubcommands().get(word);
      if (next == null) {
        break;   // as cobra: the deepest command the words reach; the rest is ignored
      }
      target = next;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (target == root && !topic.isEmpty()) {
      out.print("Unknown help topic [" + topic.stream().map(w -> "`" + w + "`").collect(Collectors.joining(" ")) + "]\n");
      target = root;
    }
    out.print(target.getUsageMessage());
    out.flush();
  }
}
