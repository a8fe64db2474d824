package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hallmark admin certs list|revoke}: the client-bundle certificates of a user. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "List and revoke users' client-bundle certificates.")
final class CertsCommand {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  static String path(String user) {
    return "api/v0/accounts/" + AdminCommand.seg(user) + "/certificates";
  }

  @Command(name = "list", description = "List a user's certificates, revoked and expired ones included.")
  int list(@Parameters(paramLabel = "USER") String user) throws Exception {
    Json r = admin.client().call("GET", path(user), null);
    var out = spec.commandLine().getOut();
    out.printf("%-6s %-32s %-64s %-20s %s%n", "ID", "SERIAL", "KEY ID", "NOT AFTER", "REVOKED");
    for (Json j : ((Json.Arr) r).items()) {
      Json.Obj o = (Json.Obj) j;
      String revoked = AdminClient.str(o, "revokedAt");
      out.printf("%-6s %-32s %-64s %-20s %s%n", AdminClient.str(o, "id"), AdminClient.str(o, "serial"),
          AdminClient.str(o, "keyId"), AdminClient.str(o, "notAfter"), revoked.isEmpty() ? "-" : revoked);
    }
    return 0;
  }

  @Command(name = "revoke", description = "Revoke a certificate: its key no longer identifies the user.")
  int revoke(@Parameters(paramLabel = "USER") String user, @Parameters(paramLabel = "ID") long id) throws Exception {
    Json r = admin.client().call("DELETE", path(user) + "/" + id, null);
    spec.commandLine().getOut().println("revoked certificate " + id + " (serial " + AdminClient.str((Json.Obj) r, "serial")
        + ") of " + user);
    return 0;
  }
}
