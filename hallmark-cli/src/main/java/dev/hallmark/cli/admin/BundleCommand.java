package dev.hallmark.cli.admin;

import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hallmark bundle create}: downloads a new client bundle (a key made by the server, its
 * certificate, the CA) as a zip, written 0600. Authenticates as {@code hallmark admin} does; a user
 * may create their own bundle, an admin anyone's.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Client bundles: a signing key and its certificate.",
    subcommands = BundleCommand.Create.class)
public final class BundleCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;


  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a client bundle and write it as a zip (mode 0600): cert.pem, key.pem, ca.pem, env.sh.")
  static final class Create implements Callable<Integer> {
    @CommandLine.ParentCommand
    BundleCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--user", paramLabel = "USER", description = "Whose bundle (default: the user you authenticate as).")
    String user;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the zip (default: bundle-USER.zip).")
    Path output;

    @Option(names = "--days", paramLabel = "N", description = "Validity of the certificate in days (default: the server's, 365).")
    Integer days;

    @Override
    public Integer call() throws Exception {
      AdminClient client = AdminCommand.client(spec);
      String who = user != null ? user : client.user();
      Json.ObjBuilder body = Json.object();
      if (days != null) {
        body.put("validityDays", Json.of(days));
      }
      byte[] zip = client.download("POST", "api/v0/accounts/" + AdminCommand.seg(who) + "/bundles", body.build());
      Path file = output != null ? output : Path.of("bundle-" + who + ".zip");
      writePrivate(file, zip);
      spec.commandLine().getOut().println("wrote the client bundle of " + who + " to " + file
          + " (its key.pem is the only copy of the private key)");
      return 0;
    }
  }

  /** Writes the file with mode 0600 from the start, replacing an existing one. */
  static void writePrivate(Path file, byte[] content) throws IOException {
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, content);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
