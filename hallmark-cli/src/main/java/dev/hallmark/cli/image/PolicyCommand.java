package dev.hallmark.cli.image;

import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.client.HttpRemoteStore;
import dev.hallmark.client.TrustClient;
import dev.hallmark.oci.Reference;
import dev.hallmark.policy.Decision;
import dev.hallmark.policy.Evaluator;
import dev.hallmark.policy.PolicySource;
import dev.hallmark.policy.RegistryNames;
import dev.hallmark.policy.ScopedPolicy;
import dev.hallmark.policy.TeamName;
import dev.hallmark.policy.TrustClientSource;
import dev.hallmark.policy.http.ContextRoute;
import dev.hallmark.policy.http.PolicyContext;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark policy check REF [--require-team ORG/TEAM]...}: the server's signing policy, evaluated
 * on the client's side with the same evaluator the server's admission webhook and registry use. The
 * trust data is verified here (the trust directory's pinned roots); the server is asked only for the
 * repository's policy and who holds the signing keys.
 */
@Command(name = "policy", description = "Evaluates the registry's team signing policy.",
    subcommands = CommandLine.HelpCommand.class)
public final class PolicyCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  private static final long MAX_CONTEXT = 1 << 20;


  @Command(name = "check", description = "Exits 0 when the policy allows REF, 1 with the reason when it denies it.")
  int check(
      @Parameters(paramLabel = "REF", description = "HOST:PORT/namespace/name:tag or @sha256:...") String text,
      @Option(names = "--require-team", paramLabel = "ORG/TEAM",
          description = "Also require a signature by a member of this team (repeatable).") List<String> teams)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<TeamName> extra = new ArrayList<>();
    for (String t : teams == null ? List.<String>of() : teams) {
      extra.add(TeamName.parse(t));
    }
    var docker = new DockerEnvironment(GlobalOptions.of(spec));
    Reference ref = DockerEnvironment.reference(text);
    Gun gun = DockerEnvironment.gun(ref);
    HttpRemoteStore remote = docker.trustServer(ref, "pull");
    Decision d;
    try (TrustClient client = docker.trust(remote)) {
      PolicyContext.Remote context = keys -> PolicyContext.parse(
          remote.fetchResource(gun, ContextRoute.PREFIX + gun.value() + query(keys), MAX_CONTEXT).unsafeArray());
      PolicySource policies = repository -> {
        ScopedPolicy server = context.policies().policyFor(repository);
        return extra.isEmpty() ? server : new ScopedPolicy(server.scope(), server.policy().withTeams(extra));
      };
      var evaluator = new Evaluator(policies, new TrustClientSource(client, remote.address(), Clock.systemUTC()),
          context.directory(), RegistryNames.any(), Clock.systemUTC());
      d = evaluator.check(text);
    }
    PrintWriter to = d.allowed() ? out : err;
    to.println(d.message());
    if (!d.trustData().isEmpty()) {
      to.println("trust data: " + d.trustData());
    }
    to.flush();
    return d.allowed() ? 0 : 1;
  }

  private static String query(Set<KeyId> keys) {
    if (keys.isEmpty()) {
      return "";
    }
    return keys.stream().map(k -> "key=" + URLEncoder.encode(k.value(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&", "?", ""));
  }
}
