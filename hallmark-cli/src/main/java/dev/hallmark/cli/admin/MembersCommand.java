package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark admin members add|remove|list ORG [USER] [--team TEAM]}. */
@Command(name = "members", mixinStandardHelpOptions = true,
    description = "Manage organisation members (or, with --team, team members).")
final class MembersCommand {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private static String base(String org, String team) {
    return "api/v0/accounts/" + AdminCommand.seg(org) + (team == null ? "" : "/teams/" + AdminCommand.seg(team)) + "/members";
  }

  @Command(name = "add", description = "Add a user to an organisation or one of its teams.")
  int add(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "USER") String user,
      @Option(names = "--team", paramLabel = "TEAM") String team,
      @Option(names = "--org-admin", description = "Make the user an owner of the organisation.") boolean orgAdmin) throws Exception {
    Json body = team == null ? AdminCommand.obj().put("isAdmin", Json.of(orgAdmin)).build() : null;
    admin.client().call("PUT", base(org, team) + "/" + AdminCommand.seg(user), body);
    spec.commandLine().getOut().println("added " + user + " to " + org + (team == null ? "" : "/" + team));
    return 0;
  }

  @Command(name = "remove", description = "Remove a user from an organisation or one of its teams.")
  int remove(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "USER") String user,
      @Option(names = "--team", paramLabel = "TEAM") String team) throws Exception {
    admin.client().call("DELETE", base(org, team) + "/" + AdminCommand.seg(user), null);
    spec.commandLine().getOut().println("removed " + user + " from " + org + (team == null ? "" : "/" + team));
    return 0;
  }

  @Command(name = "list", description = "List the members of an organisation or a team.")
  int list(@Parameters(paramLabel = "ORG") String org, @Option(names = "--team", paramLabel = "TEAM") String team) throws Exception {
    Json r = admin.client().call("GET", base(org, team), null);
    for (Json j : ((Json.Arr) r).items()) {
      Json.Obj o = (Json.Obj) j;
      spec.commandLine().getOut().println(AdminClient.str(o, "name") + ("true".equals(AdminClient.str(o, "isAdmin")) ? " (admin)" : ""));
    }
    return 0;
  }
}
