package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark admin policy list|show|set|remove}: the signing policy rules. SCOPE is {@value #GLOBAL}
 * for the global default, an organisation ({@code dev}) or a repository prefix ({@code dev/nginx}); the
 * most specific scope covering a repository applies.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Manage the signing policy: the global default (" + PolicyCommand.GLOBAL + "), per organisation or repository prefix.")
final class PolicyCommand {
  /** The global default's scope, as the admin API names it. */
  static final String GLOBAL = "_global";

  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Command(name = "list", description = "List the policy rules, the global default first.")
  int list() throws Exception {
    Json r = admin.client().call("GET", "api/v0/policies", null);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SCOPE", "CONTENT TRUST", "SIGNATURE FROM", "UPDATED"});
    for (Json j : ((Json.Arr) r).items()) {
      Json.Obj o = (Json.Obj) j;
      rows.add(new String[] {AdminClient.str(o, "scope"), trust(o), teams(o), updated(o)});
    }
    int[] width = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    String format = "%-" + width[0] + "s   %-" + width[1] + "s   %-" + width[2] + "s   %s%n";
    for (String[] row : rows) {
      out.printf(format, (Object[]) row);
    }
    return 0;
  }

  @Command(name = "show", description = "Show the rule of one scope.")
  int show(@Parameters(paramLabel = "SCOPE") String scope) throws Exception {
    Json.Obj o = (Json.Obj) admin.client().call("GET", url(scope), null);
    PrintWriter out = spec.commandLine().getOut();
    out.println("scope:           " + AdminClient.str(o, "scope"));
    out.println("content trust:   " + trust(o));
    out.println("signature from:  " + teams(o));
    out.println("policy:          " + AdminClient.str(o, "description"));
    out.println("updated:         " + updated(o));
    return 0;
  }

  @Command(name = "set", description = "Set the rule of a scope, replacing any rule it had. Without flags, the scope "
      + "requires nothing (an exemption from a wider rule).")
  int set(@Parameters(paramLabel = "SCOPE") String scope,
      @Option(names = "--require-content-trust", description = "Run only signed images.") boolean requireContentTrust,
      @Option(names = "--require-signature-from", paramLabel = "ORG/TEAM",
          description = "Repeatable; needs --require-content-trust: a member of each team must have signed.") List<String> teams)
      throws Exception {
    List<String> required = teams == null ? List.of() : teams;
    if (!requireContentTrust && !required.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--require-signature-from needs --require-content-trust (requiring signatures from teams requires content trust)");
    }
    Json body = AdminCommand.obj().put("requireContentTrust", Json.of(requireContentTrust))
        .put("requireSignatureFrom", new Json.Arr(required.stream().map(t -> (Json) Json.of(t)).toList())).build();
    Json.Obj o = (Json.Obj) admin.client().call("PUT", url(scope), body);
    spec.commandLine().getOut().println("policy of " + AdminClient.str(o, "scope") + ": " + AdminClient.str(o, "description"));
    return 0;
  }

  @Command(name = "remove", description = "Remove the rule of a scope (the global default: back to requiring nothing).")
  int remove(@Parameters(paramLabel = "SCOPE") String scope) throws Exception {
    admin.client().call("DELETE", url(scope), null);
    spec.commandLine().getOut().println("removed the policy of " + scope);
    return 0;
  }

  private String url(String scope) {
    if (scope.isEmpty() || scope.startsWith("/") || scope.endsWith("/")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "SCOPE: " + GLOBAL + ", an organisation or a repository prefix like dev/nginx");
    }
    StringBuilder sb = new StringBuilder("api/v0/policies");
    for (String part : scope.split("/")) {
      sb.append('/').append(AdminCommand.seg(part));
    }
    return sb.toString();
  }

  private static String trust(Json.Obj o) {
    return "true".equals(AdminClient.str(o, "requireContentTrust")) ? "required" : "not required";
  }

  private static String teams(Json.Obj o) {
    List<String> t = new ArrayList<>();
    if (o.get("requireSignatureFrom") instanceof Json.Arr a) {
      for (Json j : a.items()) {
        if (j instanceof Json.Str s) {
          t.add(s.value());
        }
      }
    }
    if (!t.isEmpty()) {
      return String.join(", ", t);
    }
    return "true".equals(AdminClient.str(o, "requireContentTrust")) ? "(any known signer)" : "-";
  }

  private static String updated(Json.Obj o) {
    String at = AdminClient.str(o, "updatedAt");
    return at.isEmpty() ? "(not set)" : at + " by " + AdminClient.str(o, "updatedBy");
  }
}
