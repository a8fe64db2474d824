package dev.hallmark.cli.notary;

import dev.hallmark.cli.notary.Cli.UsageError;
import dev.hallmark.client.Change;
import dev.hallmark.client.Changelist;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.TrustedRepository;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.DelegatedRole;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.KeyType;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code notary delegation ...} (reference cmd/notary/delegations.go). */
@Command(name = "delegation", description = "Operates on delegations.",
    subcommands = {DelegationCommands.ListRoles.class, DelegationCommands.Add.class, DelegationCommands.Remove.class,
        DelegationCommands.Purge.class})
public final class DelegationCommands implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(spec.commandLine().getUsageMessage());
    return 0;
  }

  /** Paths as notary prints them: sorted, {@code ""} shown as {@code "" <all paths>}. */
  static List<String> prettyPaths(List<String> paths) {
    List<String> sorted = new ArrayList<>(paths);
    sorted.sort(Comparator.naturalOrder());
    List<String> out = new ArrayList<>();
    for (String p : sorted) {
      out.add(p.isEmpty() ? "\"\" <all paths>" : p);
    }
    return out;
  }

  static RoleName delegation(String name) {
    if (!name.startsWith("targets/") || !RoleName.isValid(name)) {
      throw new IllegalArgumentException("invalid delegation name " + name);
    }
    return RoleName.of(name);
  }

  /** reference tuf/utils/x509.go {@code ParsePEMPublicKey}: a certificate or a PUBLIC KEY block. */
  public static PublicKey parsePublicKey(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IOException("file for public key does not exist: " + file);
    } catch (IOException e) {
      throw new IOException("unable to read public key from file: " + file);
    }
    return parsePublicKey(text, "PEM file " + file);
  }

  /**
   * A certificate or PUBLIC KEY block as {@code delegation add} takes it.
   *
   * @param source names the text in messages, e.g. {@code PEM file cert.pem}
   * @throws IOException when it holds no usable key or an expired certificate
   */
  public static PublicKey parsePublicKey(String text, String source) throws IOException {
    String prefix = "unable to parse valid public key certificate from " + source + ": ";
    Pem block = Pem.decodeFirst(text);
    if (block == null) {
      throw new IOException(prefix + "no valid public key found");
    }
    try {
      switch (block.type()) {
        case "CERTIFICATE" -> {
          var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(block.content().unsafeArray()));
          Instant now = Instant.now();
          if (cert.getNotAfter().toInstant().isBefore(now)) {
            throw new IOException(prefix + "certificate is expired");
          }
          return Keys.fromCertificate(cert);
        }
        case "PUBLIC KEY" -> {
          byte[] der = block.content().toArray();
          for (String alg : List.of("EC", "RSA")) {
            try {
              KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
              return new PublicKey(alg.equals("EC") ? KeyType.ECDSA : KeyType.RSA, Bytes.wrap(der));
            } catch (java.security.spec.InvalidKeySpecException e) {
              // try the next algorithm
            }
          }
          throw new IOException(prefix + "unsupported public key type");
        }
        default -> throw new IOException(prefix + "unsupported PEM block type " + block.type()
            + ", expecting CERTIFICATE or PUBLIC KEY");
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(prefix + e.getMessage(), e);
    }
  }

  /**
   * Stages what {@code delegation add GUN ROLE [--paths …] KEY…} stages: the keys (threshold 1), then
   * the paths ({@code ""} for all paths), each step only when not empty.
   */
  public static void stageAddition(Path trustDir, Gun gun, RoleName role, List<PublicKey> keys, List<String> paths)
      throws IOException {
    Changelist cl = Changelist.of(trustDir, gun);
    if (!keys.isEmpty()) {
      cl.add(Change.addDelegationKeys(role, keys, 1));
    }
    if (!paths.isEmpty()) {
      cl.add(Change.addDelegationPaths(role, paths));
    }
  }

  @Command(name = "list", description = "Lists delegations for the Global Unique Name.")
  public static final class ListRoles implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() != 1) {
          throw new UsageError("Please provide a Global Unique Name as an argument to list");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        TrustedRepository repo;
        try (TrustClient client = g.client(config, GlobalOptions.Access.READ)) {
          repo = client.update(gun);
        } catch (RuntimeException e) {
          throw new IllegalStateException("Error retrieving delegation roles for repository " + gun.value() + ": "
              + Cli.message(e), e);
        }
        record Row(String name, List<String> paths, List<String> keys, int threshold) {}
        List<Row> rows = new ArrayList<>();
        for (RoleName r : repo.roles()) {
          var file = repo.targets(r);
          if (file.isEmpty()) {
            continue;
          }
          var d = file.get().signed().delegations();
          for (DelegatedRole role : d.roles()) {
            List<String> ids = new ArrayList<>();
            for (KeyId id : role.keyIds()) {
              PublicKey k = d.keys().get(id);
              if (k == null) {
                throw new IllegalStateException("Could not translate canonical key IDs for " + role.name());
              }
              ids.add(k.canonicalId().value());
            }
            rows.add(new Row(role.name().value(), prettyPaths(role.paths()), ids, role.threshold()));
          }
        }
        out.println("");
        if (rows.isEmpty()) {
          out.print("\nNo delegations present in this repository.\n\n");
        } else {
          rows.sort(Comparator.comparing(Row::name));
          var tw = new TabWriter("ROLE", "PATHS", "KEY IDS", "THRESHOLD");
          for (Row r : rows) {
            tw.row(r.name(), r.paths().isEmpty() ? "" : r.paths().getFirst(), r.keys().isEmpty() ? "" : r.keys().getFirst(),
                Integer.toString(r.threshold()));
            int longer = Math.max(r.paths().size(), r.keys().size());
            for (int i = 1; i < longer; i++) {
              tw.row("", i < r.paths().size() ? r.paths().get(i) : "", i < r.keys().size() ? r.keys().get(i) : "", "");
            }
          }
          out.print(tw.render());
        }
        out.println("");
      });
    }
  }

  @Command(name = "add", description = "Add a keys to delegation using the provided public key X509 certificates.")
  public static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = "--paths", split = ",", description = "List of paths to add") List<String> paths;
    @Option(names = "--all-paths", description = "Add all paths to this delegation") boolean allPaths;
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2 || args.size() < 3 && paths == null && !allPaths) {
          throw new UsageError("must specify the Global Unique Name and the role of the delegation along with the public "
              + "key certificate paths and/or a list of paths to add");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        String roleText = args.get(1);
        List<PublicKey> keys = new ArrayList<>();
        for (String f : args.subList(2, args.size())) {
          keys.add(parsePublicKey(Path.of(f)));
        }
        if (paths != null && paths.contains("")) {
          allPaths = true;
        }
        if (allPaths) {
          paths = new ArrayList<>(List.of(""));
        }
        if (!roleText.startsWith("targets/") || !RoleName.isValid(roleText)) {
          throw new IllegalArgumentException("failed to create delegation: tuf: invalid role " + roleText
              + ". invalid delegation role name");
        }
        RoleName role = RoleName.of(roleText);
        stageAddition(config.trustDir(), gun, role, keys, paths == null ? List.of() : paths);
        List<String> ids = keys.stream().map(k -> k.canonicalId().value()).toList();
        String adding = "";
        if (!ids.isEmpty()) {
          adding += "with keys [" + String.join(" ", ids) + "], ";
        }
        if (paths != null || allPaths) {
          adding += "with paths [" + String.join("\n", prettyPaths(paths == null ? List.of() : paths)) + "], ";
        }
        out.println("");
        out.println("Addition of delegation role " + role.value() + " " + adding + "to repository \"" + gun.value()
            + "\" staged for next publish.");
        out.println("");
        Cli.maybePublish(out, g, gun, publish);
      });
    }
  }

  @Command(name = "remove", description = "Remove KeyID(s) from the specified Role delegation.")
  public static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = "--paths", split = ",", description = "List of paths to remove") List<String> paths;
    @Option(names = {"-y", "--yes"}, description = "Answer yes to the removal question (no confirmation)") boolean yes;
    @Option(names = "--all-paths", description = "Remove all paths from this delegation") boolean allPaths;
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2) {
          throw new UsageError("must specify the Global Unique Name and the role of the delegation along with optional "
              + "keyIDs and/or a list of paths to remove");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        RoleName role = delegation(args.get(1));
        boolean removeAll = args.size() == 2 && paths == null && !allPaths;
        List<String> keyIds = args.size() > 2 ? args.subList(2, args.size()) : List.of();
        if (allPaths) {
          paths = null;
        }
        Changelist cl = Changelist.of(config.trustDir(), gun);
        if (removeAll) {
          out.println("\nAre you sure you want to remove all data for this delegation? (yes/no)");
          out.flush();
          if (!yes) {
            if (!KeyCommands.askConfirm()) {
              // notary's fatalf here, without the blank line of an error returned to main
              out.print("* fatal: Aborting action.\n");
              out.flush();
              throw new Cli.Exit(1);
            }
          } else {
            out.println("Confirmed `yes` from flag");
          }
          cl.add(Change.deleteDelegation(role));
        } else {
          if (allPaths) {
            cl.add(Change.clearDelegationPaths(role));
          }
          if (paths != null && !paths.isEmpty()) {
            cl.add(Change.removeDelegationPaths(role, paths));
          }
          if (!keyIds.isEmpty()) {
            cl.add(Change.removeDelegationKeys(role.value(), keyIds.stream().map(KeyId::new).toList()));
          }
        }
        out.println("");
        if (removeAll) {
          out.println("Forced removal (including all keys and paths) of delegation role " + role.value()
              + " to repository \"" + gun.value() + "\" staged for next publish.");
        } else {
          String removing = "";
          if (!keyIds.isEmpty()) {
            removing += "with keys [" + String.join(" ", keyIds) + "], ";
          }
          if (allPaths) {
            removing += "with all paths, ";
          }
          if (paths != null) {
            removing += "with paths [" + String.join("\n", prettyPaths(paths)) + "], ";
          }
          out.println("Removal of delegation role " + role.value() + " " + removing + "to repository \"" + gun.value()
              + "\" staged for next publish.");
        }
        out.println("");
        Cli.maybePublish(out, g, gun, publish);
      });
    }
  }

  @Command(name = "purge", description = "Remove KeyID(s) from all delegation roles in the given GUN.")
  public static final class Purge implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = "--key", split = ",", description = "Delegation key IDs to be removed from the GUN") List<String> keys = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() != 1) {
          throw new UsageError("Please provide a single Global Unique Name as an argument to remove");
        }
        if (keys.isEmpty()) {
          throw new UsageError("Please provide at least one key ID to be removed using the --key flag");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        Changelist.of(config.trustDir(), gun).add(Change.removeDelegationKeys("targets/*", keys.stream().map(KeyId::new).toList()));
        out.print("Removal of the following keys from all delegations in " + gun.value()
            + " staged for next publish:\n\t- " + String.join("\n\t- ", keys) + "\n");
        Cli.maybePublish(out, g, gun, publish);
      });
    }
  }

  static BufferedReader stdin() {
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }
}
