package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark admin repos create|list|delete|visibility|access}. */
@Command(name = "repos", mixinStandardHelpOptions = true, description = "Manage repositories.")
final class ReposCommand {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Repository visibility. */
  enum Visibility { PUBLIC, PRIVATE }

  /** A team's access level. */
  enum Level {
    READ_ONLY("read-only"), READ_WRITE("read-write"), ADMIN("admin");

    final String wire;

    Level(String wire) {
      this.wire = wire;
    }
  }

  @Command(name = "create", description = "Create a repository NAMESPACE/NAME (private unless --public).")
  int create(@Parameters(paramLabel = "NAMESPACE/NAME") String path,
      @Option(names = "--public") boolean isPublic,
      @Option(names = "--immutable-tags") boolean immutable) throws Exception {
    String[] p = AdminCommand.repoPath(path);
    admin.client().call("POST", "api/v0/repositories/" + AdminCommand.seg(p[0]), AdminCommand.obj().put("name", Json.of(p[1]))
        .put("visibility", Json.of(isPublic ? "public" : "private")).put("immutableTags", Json.of(immutable)).build());
    spec.commandLine().getOut().println("created repository " + path + (isPublic ? " (public)" : " (private)"));
    return 0;
  }

  @Command(name = "list", description = "List repositories, all or of one namespace.")
  int list(@Parameters(paramLabel = "NAMESPACE", arity = "0..1") String ns) throws Exception {
    Json r = admin.client().call("GET", "api/v0/repositories" + (ns == null ? "" : "/" + AdminCommand.seg(ns)), null);
    var out = spec.commandLine().getOut();
    out.printf("%-48s %-10s %s%n", "REPOSITORY", "VISIBILITY", "IMMUTABLE TAGS");
    for (Json j : ((Json.Arr) r).items()) {
      Json.Obj o = (Json.Obj) j;
      out.printf("%-48s %-10s %s%n", AdminClient.str(o, "namespace") + "/" + AdminClient.str(o, "name"),
          AdminClient.str(o, "visibility"), AdminClient.str(o, "immutableTags"));
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete a repository record.")
  int delete(@Parameters(paramLabel = "NAMESPACE/NAME") String path) throws Exception {
    admin.client().call("DELETE", AdminCommand.repoUrl(AdminCommand.repoPath(path)), null);
    spec.commandLine().getOut().println("deleted repository " + path);
    return 0;
  }

  @Command(name = "visibility", description = "Make a repository public or private.")
  int visibility(@Parameters(paramLabel = "NAMESPACE/NAME") String path,
      @Parameters(paramLabel = "public|private") String value) throws Exception {
    Visibility v = switch (value) {
      case "public" -> Visibility.PUBLIC;
      case "private" -> Visibility.PRIVATE;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "visibility must be public or private");
    };
    admin.client().call("PATCH", AdminCommand.repoUrl(AdminCommand.repoPath(path)),
        AdminCommand.obj().put("visibility", Json.of(v == Visibility.PUBLIC ? "public" : "private")).build());
    spec.commandLine().getOut().println(path + " is now " + value);
    return 0;
  }

  @Command(name = "access", description = "Give a team of the namespace's organisation access: read-only, read-write or admin.")
  int access(@Parameters(paramLabel = "NAMESPACE/NAME") String path, @Parameters(paramLabel = "TEAM") String team,
      @Parameters(paramLabel = "LEVEL") String level) throws Exception {
    Level l = null;
    for (Level x : Level.values()) {
      if (x.wire.equals(level)) {
        l = x;
      }
    }
    if (l == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "level must be read-only, read-write or admin");
    }
    admin.client().call("PUT", AdminCommand.repoUrl(AdminCommand.repoPath(path)) + "/teamAccess/" + AdminCommand.seg(team),
        AdminCommand.obj().put("accessLevel", Json.of(l.wire)).build());
    spec.commandLine().getOut().println("team " + team + " has " + level + " access to " + path);
    return 0;
  }
}
