package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hallmark admin orgs create|list|delete}. */
@Command(name = "orgs", mixinStandardHelpOptions = true, description = "Manage organisations.")
final class OrgsCommand {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Command(name = "create", description = "Create an organisation.")
  int create(@Parameters(paramLabel = "NAME") String name) throws Exception {
    admin.client().call("POST", "api/v0/accounts", AdminCommand.obj().put("name", Json.of(name)).put("isOrg", Json.of(true)).build());
    spec.commandLine().getOut().println("created organisation " + name);
    return 0;
  }

  @Command(name = "list", description = "List organisations.")
  int list() throws Exception {
    Json r = admin.client().call("GET", "api/v0/accounts", null);
    for (Json j : ((Json.Arr) r).items()) {
      Json.Obj o = (Json.Obj) j;
      if ("true".equals(AdminClient.str(o, "isOrg"))) {
        spec.commandLine().getOut().println(AdminClient.str(o, "name"));
      }
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete an organisation with its teams and repositories.")
  int delete(@Parameters(paramLabel = "NAME") String name) throws Exception {
    admin.client().call("DELETE", "api/v0/accounts/" + AdminCommand.seg(name), null);
    spec.commandLine().getOut().println("deleted " + name);
    return 0;
  }
}
