package dev.hallmark.cli.notary;

import dev.hallmark.cli.notary.Cli.UsageError;
import dev.hallmark.client.Change;
import dev.hallmark.client.Changelist;
import dev.hallmark.client.Target;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.TrustedRepository;
import dev.hallmark.keys.KeyEntry;
import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.FileMeta;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Keys;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.PublicKey;
import dev.hallmark.tuf.RoleName;
import dev.hallmark.tuf.TufException;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** notary's collection commands (reference cmd/notary/tuf.go). */
public final class TufCommands {
  private TufCommands() {}

  /** Every command of this class, for registration. */
  public static final List<Class<?>> ALL = List.of(Init.class, Add.class, AddHash.class, Remove.class, Publish.class,
      ListTargets.class, Lookup.class, Status.class, Reset.class, Delete.class, Witness.class, Verify.class,
      VersionCommand.class);

  static List<RoleName> roles(List<String> names) {
    List<RoleName> out = new ArrayList<>();
    for (String n : names) {
      if (!n.isEmpty()) {
        out.add(RoleName.of(n));
      }
    }
    return out;
  }

  /** Stages one change per role (targets when none), as reference client/client.go {@code addChange}. */
  static void stage(Changelist cl, List<String> roleNames, java.util.function.Function<RoleName, Change> change)
      throws IOException {
    List<String> names = roleNames.isEmpty() ? List.of("targets") : roleNames;
    List<Change> changes = new ArrayList<>();
    for (String n : names) {
      if (!n.equals("targets") && !(n.startsWith("targets/") && RoleName.isValid(n))) {
        throw new IllegalArgumentException("tuf: invalid role " + n + ". cannot add targets to this role");
      }
      changes.add(change.apply(RoleName.of(n)));
    }
    for (Change c : changes) {
      cl.add(c);
    }
  }

  static Optional<Json> custom(String file) throws IOException {
    if (file == null || file.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JsonReader.forMetadata().parse(Files.readAllBytes(Path.of(file))));
  }

  @Command(name = "init", description = "Initializes a local trusted collection.")
  public static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = "--rootkey", description = "Root key to initialize the repository with") String rootKey;
    @Option(names = "--rootcert", description = "Root certificate must match root key if a root key is supplied, otherwise it must match a key present in keystore") String rootCert;
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        Cli.requireGun(args);
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        var store = g.keyStore(config);
        KeyId rootId = null;
        if (rootKey != null && !rootKey.isEmpty()) {
          PrivateKey imported = KeyCommands.readKey(RoleName.ROOT, Path.of(rootKey), Cli.globals(spec).passphrases()).withRole(KeyRole.ROOT);
          store.add(imported);
          rootId = imported.id();
        } else {
          for (KeyEntry e : store.list()) {
            if (e.role().equals(KeyRole.ROOT)) {
              rootId = e.id();
              break;
            }
          }
        }
        if (rootId != null) {
          out.println("Root key found, using: " + rootId.value());
          out.flush();
        }
        Optional<PublicKey> cert = Optional.empty();
        if (rootCert != null && !rootCert.isEmpty()) {
          cert = Optional.of(readCertificate(Path.of(rootCert)));
          if (rootKey == null || rootKey.isEmpty()) {
            rootId = cert.get().canonicalId();
          }
        }
        try (TrustClient client = g.client(config, GlobalOptions.Access.WRITE)) {
          if (rootId == null) {
            rootId = client.defaultRootKey();
          }
          if (cert.isPresent()) {
            client.initialize(gun, rootId, cert.get());
          } else {
            client.initialize(gun, rootId);
          }
        }
        Cli.maybePublish(out, g, gun, publish);
      });
    }

    private static PublicKey readCertificate(Path file) throws IOException {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new IOException("error reading certificate file: " + Cli.osError(e), e);
      }
      Pem block = Pem.decodeFirst(text);
      if (block == null) {
        throw new IOException("the provided file does not contain a valid PEM certificate <nil>");
      }
      try {
        var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(block.content().unsafeArray()));
        return Keys.fromCertificate(cert);
      } catch (CertificateException e) {
        throw new IOException("Parsing certificate PEM bytes to x509 certificate: " + e.getMessage(), e);
      }
    }
  }

  @Command(name = "add", description = "Adds the file as a target to the trusted collection.")
  public static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-r", "--roles"}, split = ",", description = "Delegation roles to add this target to") List<String> roles = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;
    @Option(names = "--custom", description = "Path to the file containing custom data for this target") String custom;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 3) {
          throw new UsageError("Must specify a GUN, target, and path to target data");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        String name = args.get(1);
        Optional<Json> customData = custom(custom);
        byte[] content = Files.readAllBytes(Path.of(args.get(2)));
        Bytes b = Bytes.wrap(content);
        FileMeta meta = new FileMeta(content.length, Map.of(FileMeta.SHA256, b.sha256(), FileMeta.SHA512, b.sha512()), customData);
        stage(Changelist.of(config.trustDir(), gun), roles, r -> Change.addTarget(r, name, meta));
        out.println("Addition of target \"" + name + "\" to repository \"" + gun.value() + "\" staged for next publish.");
        Cli.maybePublish(out, g, gun, publish);
      });
    }
  }

  @Command(name = "addhash", description = "Adds the byte size and hash(es) as a target to the trusted collection.")
  public static final class AddHash implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-r", "--roles"}, split = ",", description = "Delegation roles to add this target to") List<String> roles = new ArrayList<>();
    @Option(names = "--sha256", description = "hex encoded sha256 of the target to add") String sha256 = "";
    @Option(names = "--sha512", description = "hex encoded sha512 of the target to add") String sha512 = "";
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;
    @Option(names = "--custom", description = "Path to the file containing custom data for this target") String custom;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 3 || sha256.isEmpty() && sha512.isEmpty()) {
          throw new UsageError("Must specify a GUN, target, byte size of target data, and at least one hash");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        String name = args.get(1);
        Optional<Json> customData = custom(custom);
        long size = parseGoInt(args.get(2));
        Map<String, Bytes> hashes = new TreeMap<>();
        List<String> used = new ArrayList<>();
        if (!sha256.isEmpty()) {
          if (sha256.length() != 64) {
            throw new IllegalArgumentException("invalid sha256 hex contents provided");
          }
          hashes.put(FileMeta.SHA256, hex(sha256));
          used.add("sha256");
        }
        if (!sha512.isEmpty()) {
          if (sha512.length() != 128) {
            throw new IllegalArgumentException("invalid sha512 hex contents provided");
          }
          hashes.put(FileMeta.SHA512, hex(sha512));
          used.add("sha512");
        }
        FileMeta meta = new FileMeta(size, hashes, customData);
        stage(Changelist.of(config.trustDir(), gun), roles, r -> Change.addTarget(r, name, meta));
        out.println("Addition of target \"" + name + "\" by " + String.join(", ", used) + " hash to repository \""
            + gun.value() + "\" staged for next publish.");
        Cli.maybePublish(out, g, gun, publish);
      });
    }

    private static Bytes hex(String s) {
      try {
        return Bytes.wrap(HexFormat.of().parseHex(s));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("encoding/hex: invalid byte: " + s);
      }
    }

    /** Go {@code strconv.ParseInt(s, 0, 64)}: decimal, or 0x/0o/0b/0 prefixed. */
    private static long parseGoInt(String s) {
      try {
        String t = s.replace("_", "");
        boolean neg = t.startsWith("-");
        String u = neg || t.startsWith("+") ? t.substring(1) : t;
        long v;
        if (u.startsWith("0x") || u.startsWith("0X")) {
          v = Long.parseLong(u.substring(2), 16);
        } else if (u.startsWith("0b") || u.startsWith("0B")) {
          v = Long.parseLong(u.substring(2), 2);
        } else if (u.startsWith("0o") || u.startsWith("0O")) {
          v = Long.parseLong(u.substring(2), 8);
        } else if (u.length() > 1 && u.startsWith("0")) {
          v = Long.parseLong(u.substring(1), 8);
        } else {
          v = Long.parseLong(u);
        }
        return neg ? -v : v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
      }
    }
  }

  @Command(name = "remove", description = "Removes a target from a trusted collection.")
  public static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-r", "--roles"}, split = ",", description = "Delegation roles to remove this target from") List<String> roles = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2) {
          throw new IllegalArgumentException("Must specify a GUN and target");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        String name = args.get(1);
        stage(Changelist.of(config.trustDir(), gun), roles, r -> Change.removeTarget(r, name));
        out.println("Removal of " + name + " from " + gun.value() + " staged for next publish.");
        Cli.maybePublish(out, g, gun, publish);
      });
    }
  }

  @Command(name = "publish", description = "Publishes the local trusted collection.")
  public static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        Cli.requireGun(args);
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        out.println("Pushing changes to " + gun.value());
        out.flush();
        try (TrustClient client = g.client(config, GlobalOptions.Access.WRITE)) {
          client.publish(gun);
        }
        out.println("Successfully published changes for repository " + gun.value());
      });
    }
  }

  @Command(name = "list", description = "Lists targets for a remote trusted collection.")
  public static final class ListTargets implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-r", "--roles"}, split = ",", description = "Delegation roles to list targets for (will shadow targets role)") List<String> roles = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        Cli.requireGun(args);
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        List<Target> targets;
        try (TrustClient client = g.client(config, GlobalOptions.Access.READ)) {
          // notary walks each listed role and skips one that is not delegated (its walk fails
          // silently): an unknown role lists nothing rather than failing
          TrustedRepository repo = client.update(gun);
          List<RoleName> asked = roles(roles);
          List<RoleName> known = asked.stream().filter(repo.roles()::contains).toList();
          targets = asked.isEmpty() ? repo.list() : known.isEmpty() ? List.of() : repo.list(known);
        }
        if (targets.isEmpty()) {
          out.print("\nNo targets present in this repository.\n\n");
          return;
        }
        var tw = new TabWriter("NAME", "DIGEST", "SIZE (BYTES)", "ROLE");
        for (Target t : targets) {
          tw.row(t.name(), t.meta().sha256().map(Bytes::hex).orElse(""), Long.toString(t.meta().length()), t.role().value());
        }
        out.print(tw.render());
      });
    }
  }

  @Command(name = "lookup", description = "Looks up a specific target in a remote trusted collection.")
  public static final class Lookup implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2) {
          throw new UsageError("Must specify a GUN and target");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        Target t;
        try (TrustClient client = g.client(config, GlobalOptions.Access.READ)) {
          t = client.lookup(gun, args.get(1));
        }
        out.println(t.name() + " sha256:" + t.meta().sha256().map(Bytes::hex).orElse("") + " " + t.meta().length());
      });
    }
  }

  @Command(name = "status", description = "Displays status of unpublished changes to the local trusted collection.")
  public static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        Cli.requireGun(args);
        var config = Cli.globals(spec).config();
        Gun gun = Cli.gun(args.getFirst());
        List<Change> changes = Changelist.of(config.trustDir(), gun).list();
        if (changes.isEmpty()) {
          out.println("No unpublished changes for " + gun.value());
          return;
        }
        out.print("Unpublished changes for " + gun.value() + ":\n\n");
        var tw = new TabWriter("#", "ACTION", "SCOPE", "TYPE", "PATH");
        for (int i = 0; i < changes.size(); i++) {
          Change c = changes.get(i);
          tw.row(Integer.toString(i), c.action().name().toLowerCase(java.util.Locale.ROOT), c.scope(),
              typeName(c.type()), c.path());
        }
        out.print(tw.render());
      });
    }

    private static String typeName(Change.Type t) {
      return switch (t) {
        case TARGET -> "target";
        case DELEGATION -> "delegation";
        case ROLE -> "role";
        case WITNESS -> "witness";
      };
    }
  }

  @Command(name = "reset", description = "Resets unpublished changes for the local trusted collection.")
  public static final class Reset implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-n", "--number"}, split = ",", description = "Numbers of specific changes to exclusively reset, as shown in status list") List<Integer> numbers = new ArrayList<>();
    @Option(names = "--all", description = "Reset all changes shown in the status list") boolean all;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        Cli.requireGun(args);
        if (!all && numbers.isEmpty()) {
          throw new UsageError("Must specify changes to reset with -n or the --all flag");
        }
        var config = Cli.globals(spec).config();
        Gun gun = Cli.gun(args.getFirst());
        Changelist cl = Changelist.of(config.trustDir(), gun);
        if (all) {
          cl.clear();
        } else {
          cl.remove(numbers);
        }
        out.println("Successfully reset specified changes for repository " + gun.value());
      });
    }
  }

  @Command(name = "delete", description = "Deletes all content for a trusted collection")
  public static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = "--remote", description = "Delete remote data for GUN in addition to local cache") boolean remote;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        Cli.requireGun(args);
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        out.println("Deleting trust data for repository " + gun.value());
        out.flush();
        try (TrustClient client = g.client(config, GlobalOptions.Access.ADMIN)) {
          client.delete(gun, remote);
        }
        out.println("Successfully deleted local" + (remote ? " and remote" : "") + " trust data for repository " + gun.value());
      });
    }
  }

  @Command(name = "witness", description = "Marks roles to be re-signed the next time they're published")
  public static final class Witness implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, description = "Auto publish latest changes") boolean publish;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2) {
          throw new UsageError("Please provide a GUN and at least one role to witness");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.getFirst());
        Changelist cl = Changelist.of(config.trustDir(), gun);
        List<String> ok = new ArrayList<>();
        for (String r : args.subList(1, args.size())) {
          cl.add(new Change(Change.Action.UPDATE, r, Change.Type.WITNESS, "", Bytes.wrap(new byte[0])));
          ok.add(r);
        }
        out.print("The following roles were successfully marked for witnessing on the next publish:\n\t- "
            + String.join("\n\t- ", ok) + "\n");
        Cli.maybePublish(out, g, gun, publish);
      });
    }
  }

  @Command(name = "verify", description = "Verifies if the content is included in the remote trusted collection")
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-i", "--input"}, description = "Read from a file, instead of STDIN") String input;
    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT") String output;
    @Option(names = {"-q", "--quiet"}, description = "No output except for errors") boolean quiet;

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2) {
          throw new UsageError("Must specify a GUN and target");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        byte[] payload = input == null || input.isEmpty()
            ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
        Gun gun = Cli.gun(args.get(0));
        String name = args.get(1);
        Target t;
        try (TrustClient client = g.client(config, GlobalOptions.Access.READ)) {
          t = client.lookup(gun, name);
        } catch (RuntimeException e) {
          throw new IllegalStateException("error retrieving target by name:" + name + ", error:" + Cli.message(e), e);
        }
        try {
          t.meta().check(name, Bytes.wrap(payload));
        } catch (TufException e) {
          throw new IllegalStateException("data not present in the trusted collection, " + e.getMessage(), e);
        }
        if (quiet) {
          return;
        }
        if (output == null || output.isEmpty()) {
          out.flush();
          System.out.write(payload);
          System.out.flush();
        } else {
          Files.write(Path.of(output), payload);
        }
      });
    }
  }

  @Command(name = "version", description = "Print the version number of notary")
  public static final class VersionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** notary's version command ignores arguments. */
    @Parameters(arity = "0..*", hidden = true) List<String> ignored = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      var p = new java.util.Properties();
      try (var in = TufCommands.class.getResourceAsStream("/hallmark-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print("hallmark\n Version:    " + p.getProperty("version", "") + "\n Git commit: \n Java version: "
          + Runtime.version() + "\n");
      out.flush();
      return 0;
    }
  }

}
