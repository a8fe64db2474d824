package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark admin users create|list|delete|passwd}. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage users.")
final class UsersCommand {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Command(name = "create", description = "Create a user (password from $HALLMARK_NEW_PASSWORD, --password-stdin or a prompt).")
  int create(@Parameters(paramLabel = "NAME") String name,
      @Option(names = "--admin", description = "Make the user an admin.") boolean isAdmin,
      @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean stdin) throws Exception {
    String pw = admin.newPassword(stdin);
    Json r = admin.client().call("POST", "api/v0/accounts", AdminCommand.obj().put("name", Json.of(name))
        .put("password", Json.of(pw)).put("isOrg", Json.of(false)).put("isAdmin", Json.of(isAdmin)).build());
    spec.commandLine().getOut().println("created user " + AdminClient.str((Json.Obj) r, "name") + (isAdmin ? " (admin)" : ""));
    return 0;
  }

  @Command(name = "list", description = "List users and organisations.")
  int list() throws Exception {
    Json r = admin.client().call("GET", "api/v0/accounts", null);
    var out = spec.commandLine().getOut();
    out.printf("%-32s %-6s %s%n", "NAME", "KIND", "ADMIN");
    for (Json j : ((Json.Arr) r).items()) {
      Json.Obj o = (Json.Obj) j;
      out.printf("%-32s %-6s %s%n", AdminClient.str(o, "name"), "true".equals(AdminClient.str(o, "isOrg")) ? "org" : "user",
          AdminClient.str(o, "isAdmin"));
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete a user or organisation with everything in its namespace.")
  int delete(@Parameters(paramLabel = "NAME") String name) throws Exception {
    admin.client().call("DELETE", "api/v0/accounts/" + AdminCommand.seg(name), null);
    spec.commandLine().getOut().println("deleted " + name);
    return 0;
  }

  @Command(name = "passwd", description = "Set a user's password.")
  int passwd(@Parameters(paramLabel = "NAME") String name,
      @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean stdin) throws Exception {
    String pw = admin.newPassword(stdin);
    admin.client().call("PATCH", "api/v0/accounts/" + AdminCommand.seg(name), AdminCommand.obj().put("password", Json.of(pw)).build());
    spec.commandLine().getOut().println("password of " + name + " changed");
    return 0;
  }
}
