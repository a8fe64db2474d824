package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hallmark admin teams create|list|delete ORG [TEAM]}. */
@Command(name = "teams", mixinStandardHelpOptions = true, description = "Manage the teams of an organisation.")
final class TeamsCommand {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Command(name = "create", description = "Create a team.")
  int create(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "TEAM") String team) throws Exception {
    admin.client().call("POST", "api/v0/accounts/" + AdminCommand.seg(org) + "/teams", AdminCommand.obj().put("name", Json.of(team)).build());
    spec.commandLine().getOut().println("created team " + org + "/" + team);
    return 0;
  }

  @Command(name = "list", description = "List the teams of an organisation.")
  int list(@Parameters(paramLabel = "ORG") String org) throws Exception {
    Json r = admin.client().call("GET", "api/v0/accounts/" + AdminCommand.seg(org) + "/teams", null);
    for (Json j : ((Json.Arr) r).items()) {
      spec.commandLine().getOut().println(AdminClient.str((Json.Obj) j, "name"));
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete a team.")
  int delete(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "TEAM") String team) throws Exception {
    admin.client().call("DELETE", "api/v0/accounts/" + AdminCommand.seg(org) + "/teams/" + AdminCommand.seg(team), null);
    spec.commandLine().getOut().println("deleted team " + org + "/" + team);
    return 0;
  }
}
