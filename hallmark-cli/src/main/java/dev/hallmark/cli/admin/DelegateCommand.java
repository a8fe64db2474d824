package dev.hallmark.cli.admin;

import dev.hallmark.cli.notary.DelegationCommands;
import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.client.Changelist;
import dev.hallmark.client.TrustClient;
import dev.hallmark.policy.TeamName;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark delegate}: what UCP made a per-repository chore, in one command. For one repository
 * (GUN) or every repository of an organisation, stages {@code targets/releases} and
 * {@code targets/<team>} delegations (all paths) to the user's client-bundle certificate and
 * publishes, as {@code delegation add --publish} does. The owner's keys come from the trust
 * directory ({@code -d}), their passphrases and {@code NOTARY_AUTH} from the environment; the
 * certificate from {@code --cert}, else the user's newest valid one from the admin API.
 *
 * <p>Repositories without trust data fail (initialise them first: {@code hallmark init GUN -p}). Prints
 * one line per repository and goes on after a failure, whose staged changes it removes.
 * Exit codes: 0 all delegated, 1 any repository failed, 2 usage error.
 */
@Command(name = "delegate", mixinStandardHelpOptions = true,
    description = "Delegate targets/releases and targets/TEAM to a user's certificate, for one repository or every "
        + "repository of an organisation, and publish.")
public final class DelegateCommand implements Callable<Integer> {
  static final RoleName RELEASES = RoleName.of("targets/releases");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--user", required = true, paramLabel = "USER", description = "The user who signs.")
  String user;

  @Option(names = "--team", required = true, paramLabel = "ORG/TEAM",
      description = "The user's team: the role is targets/TEAM (e.g. targets/admin for dev/admin).")
  String team;

  @Option(names = "--org", paramLabel = "ORG", description = "Every repository of this organisation instead of GUNs.")
  String org;

  @Option(names = "--registry", paramLabel = "HOST:PORT",
      description = "The registry part of the GUNs of --org (default: host and port of the server URL).")
  String registry;

  @Option(names = "--cert", paramLabel = "FILE", description = "The certificate (default: the user's newest valid one).")
  Path cert;

  @Parameters(arity = "0..*", paramLabel = "GUN", description = "Repositories, e.g. registry.example:443/dev/app.")
  List<String> guns = new ArrayList<>();

  private AdminClient admin;


  @Override
  public Integer call() throws Exception {
    if ((org == null) == guns.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either GUNs or --org ORG");
    }
    TeamName teamName;
    try {
      teamName = TeamName.parse(team);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    RoleName teamRole = RoleName.of("targets/" + teamName.team());
    PrintWriter out = spec.commandLine().getOut();
    PublicKey key = cert != null ? DelegationCommands.parsePublicKey(cert) : newestCertificate(out);
    List<Gun> targets = org != null ? repositories() : guns.stream().map(Gun::new).toList();
    if (targets.isEmpty()) {
      out.println("organisation " + org + " has no repositories");
      return 0;
    }
    var globals = GlobalOptions.of(spec);
    Path trustDir = globals.trustDirectory();
    int failed = 0;
    try (TrustClient trust = globals.publishingClient()) {
      for (Gun gun : targets) {
        Changelist staged = Changelist.of(trustDir, gun);
        int before = staged.list().size();
        try {
          // unlike `delegation add --publish`, never initialise a repository nobody signed yet: that
          // would make new root and targets keys for every such repository of an organisation
          trust.update(gun);
          DelegationCommands.stageAddition(trustDir, gun, RELEASES, List.of(key), List.of(""));
          DelegationCommands.stageAddition(trustDir, gun, teamRole, List.of(key), List.of(""));
          trust.publish(gun);
          out.println(gun.value() + ": delegated " + RELEASES.value() + " and " + teamRole.value() + " to " + user
              + " (key " + key.canonicalId().value() + ")");
        } catch (IOException | RuntimeException e) {
          // one-shot: what this command staged must not linger for a later publish
          staged.remove(IntStream.range(before, staged.list().size()).boxed().toList());
          out.println(gun.value() + ": failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          failed++;
        }
        out.flush();
      }
    }
    return failed == 0 ? 0 : 1;
  }

  private AdminClient admin() throws IOException {
    if (admin == null) {
      admin = AdminCommand.client(spec);
    }
    return admin;
  }

  /** The user's newest certificate that is neither revoked nor outside its validity. */
  private PublicKey newestCertificate(PrintWriter out) throws Exception {
    Json list = admin().call("GET", CertsCommand.path(user), null);
    Instant now = Instant.now();
    Json.Obj newest = null;
    for (Json j : ((Json.Arr) list).items()) {
      Json.Obj c = (Json.Obj) j;
      boolean valid = AdminClient.str(c, "revokedAt").isEmpty()
          && !Instant.parse(AdminClient.str(c, "notBefore")).isAfter(now)
          && Instant.parse(AdminClient.str(c, "notAfter")).isAfter(now);
      if (valid && (newest == null || Long.parseLong(AdminClient.str(c, "id")) > Long.parseLong(AdminClient.str(newest, "id")))) {
        newest = c;
      }
    }
    if (newest == null) {
      throw new IllegalArgumentException(user + " has no valid certificate: create one with `hallmark bundle create --user "
          + user + "` or pass --cert");
    }
    out.println("using certificate " + AdminClient.str(newest, "serial") + " of " + user);
    return DelegationCommands.parsePublicKey(AdminClient.str(newest, "certificate"),
        "the certificate " + AdminClient.str(newest, "serial") + " of " + user);
  }

  /** Every repository of the organisation, as GUNs {@code <registry>/<org>/<name>}. */
  private List<Gun> repositories() throws Exception {
    Json list = admin().call("GET", "api/v0/repositories/" + AdminCommand.seg(org), null);
    String host = registry;
    if (host == null) {
      URI base = admin().base();
      host = base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
    }
    List<Gun> out = new ArrayList<>();
    for (Json j : ((Json.Arr) list).items()) {
      Json.Obj r = (Json.Obj) j;
      out.add(new Gun(host + "/" + AdminClient.str(r, "namespace") + "/" + AdminClient.str(r, "name")));
    }
    return out;
  }
}
