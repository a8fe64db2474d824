package dev.hallmark.cli.notary;

import dev.hallmark.cli.notary.Cli.UsageError;
import dev.hallmark.client.TrustClient;
import dev.hallmark.keys.KeyEntry;
import dev.hallmark.keys.KeyException;
import dev.hallmark.keys.KeyFileCodec;
import dev.hallmark.keys.KeyRole;
import dev.hallmark.keys.Passphrase;
import dev.hallmark.keys.PassphraseAnswer;
import dev.hallmark.keys.PassphraseRequest;
import dev.hallmark.keys.PassphraseRetriever;
import dev.hallmark.keys.PrivateKey;
import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.KeyId;
import dev.hallmark.tuf.Pem;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code notary key ...} (reference cmd/notary/keys.go). */
@Command(name = "key", description = "Operates on keys.",
    subcommands = {KeyCommands.ListKeys.class, KeyCommands.Generate.class, KeyCommands.Rotate.class,
        KeyCommands.Import.class, KeyCommands.Export.class, KeyCommands.Remove.class, KeyCommands.Passwd.class})
public final class KeyCommands implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(spec.commandLine().getUsageMessage());
    return 0;
  }

  private static java.io.BufferedReader stdin;

  /** reference cmd/notary/util.go {@code askConfirm}: "y" or "yes", any case. */
  static boolean askConfirm() throws IOException {
    if (stdin == null) {
      stdin = DelegationCommands.stdin();
    }
    String line = stdin.readLine();
    if (line == null) {
      return false;
    }
    String s = line.trim().toLowerCase(java.util.Locale.ROOT);
    return s.equals("y") || s.equals("yes");
  }

  /**
   * Reads a private key file as reference cmd/notary/tuf.go {@code readKey}: an encrypted file is
   * decrypted with the passphrase for alias {@code root}; a root key must be encrypted.
   */
  static PrivateKey readKey(RoleName role, Path file, PassphraseRetriever r) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IOException("Error reading input root key file: " + Cli.osError(e), e);
    }
    var codec = new KeyFileCodec();
    if (!KeyFileCodec.isEncrypted(text)) {
      if (role.equals(RoleName.ROOT)) {
        throw new IllegalArgumentException("only encrypted root keys may be imported");
      }
      return codec.decode(text, Passphrase.empty());
    }
    for (int attempt = 0; attempt <= 10; attempt++) {
      switch (r.answer(new PassphraseRequest("", "root", false, attempt))) {
        case PassphraseAnswer.Given g -> {
          try {
            return codec.decode(text, g.passphrase());
          } catch (KeyException e) {
            if (e.kind() != KeyException.Kind.WRONG_PASSPHRASE) {
              throw e;
            }
          }
        }
        case PassphraseAnswer.Retry retry -> throw new KeyException(KeyException.Kind.PASSPHRASE_INVALID,
            "password invalid, operation has failed.");
        case PassphraseAnswer.GiveUp giveUp -> throw new KeyException(KeyException.Kind.PASSPHRASE_INVALID,
            "password invalid, operation has failed.");
      }
    }
    throw new KeyException(KeyException.Kind.ATTEMPTS_EXCEEDED, "maximum number of passphrase attempts exceeded");
  }

  @Command(name = "list", description = "Lists keys.")
  public static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (!args.isEmpty()) {
          throw new UsageError("");
        }
        GlobalOptions g = Cli.globals(spec);
        TrustDirKeyStore store = g.keyStore(g.config());
        out.println("");
        List<KeyEntry> keys = new ArrayList<>(store.list());
        if (keys.isEmpty()) {
          out.print("No signing keys found.\n");
        } else {
          String location = store.location().toString();
          Comparator<KeyEntry> order = (a, b) -> {
            boolean ra = a.role().equals(KeyRole.ROOT);
            boolean rb = b.role().equals(KeyRole.ROOT);
            if (!a.role().equals(b.role()) && (ra || rb)) {
              return ra ? -1 : 1;
            }
            String[] x = {a.gun().map(Gun::value).orElse(""), a.role().value(), a.id().value()};
            String[] y = {b.gun().map(Gun::value).orElse(""), b.role().value(), b.id().value()};
            for (int i = 0; i < 3; i++) {
              int c = x[i].compareTo(y[i]);
              if (c != 0) {
                return c;
              }
            }
            return 0;
          };
          keys.sort(order);
          var tw = new TabWriter("ROLE", "GUN", "KEY ID", "LOCATION");
          for (KeyEntry e : keys) {
            tw.row(e.role().value(), truncate(e.gun().map(Gun::value).orElse(""), 25), e.id().value(), truncate(location, 40));
          }
          out.print(tw.render());
        }
        out.println("");
      });
    }

    private static String truncate(String s, int max) {
      return s.length() <= max ? s : "..." + s.substring(s.length() - (max - 3));
    }
  }

  @Command(name = "generate", description = "Generates a new key with a given algorithm.")
  public static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-r", "--role"}, description = "Role to generate key with, defaulting to \"root\".") String role = "root";
    @Option(names = {"-o", "--output"}, description = "Filepath to write export output to") String output = "";

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() > 1) {
          throw new UsageError("Please provide only one Algorithm as an argument to generate (rsa, ecdsa)");
        }
        String alg = args.isEmpty() ? "ecdsa" : args.getFirst().toLowerCase(java.util.Locale.ROOT);
        if (!alg.equals("ecdsa")) {
          throw new IllegalArgumentException("Algorithm not allowed, possible values are: ECDSA");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        if (output.isEmpty()) {
          TrustDirKeyStore store = g.keyStore(config);
          PrivateKey k = PrivateKey.generateEcdsa(KeyRole.of(role));
          try {
            store.add(k);
          } catch (KeyException e) {
            throw new IllegalStateException("Failed to create a new " + role + " key: " + e.getMessage(), e);
          }
          out.println("Generated new " + alg + " " + role + " key with keyID: " + k.id().value());
          return;
        }
        PrivateKey k = PrivateKey.generateEcdsa(KeyRole.of(role));
        Passphrase pass = null;
        PassphraseRetriever r = Cli.globals(spec).passphrases();
        for (int attempt = 0; pass == null; attempt++) {
          switch (r.answer(new PassphraseRequest(k.id().value(), "", true, attempt))) {
            case PassphraseAnswer.Given given -> pass = given.passphrase();
            case PassphraseAnswer.Retry retry -> {
              if (attempt > 10) {
                throw new KeyException(KeyException.Kind.ATTEMPTS_EXCEEDED, "maximum number of passphrase attempts exceeded");
              }
            }
            case PassphraseAnswer.GiveUp giveUp ->
                throw new KeyException(KeyException.Kind.ATTEMPTS_EXCEEDED, "maximum number of passphrase attempts exceeded");
          }
        }
        if (pass.isEmpty()) {
          throw new IllegalArgumentException("no password provided");
        }
        writePrivate(Path.of(output + "-key.pem"), new KeyFileCodec().encode(k, pass));
        String pub = new Pem("PUBLIC KEY", Map.of("role", role), k.publicKey().publicBytes()).encode();
        writePrivate(Path.of(output + ".pem"), pub);
      });
    }
  }

  static void writePrivate(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  @Command(name = "rotate", description = "Rotate a signing (non-root) key of the given type for the given Globally Unique Name and role.")
  public static final class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-r", "--server-managed"}, description = "Signing and key management will be handled by the remote server (no key will be generated or stored locally). Required for timestamp role, optional for snapshot role") boolean serverManaged;
    @Option(names = {"-l", "--legacy"}, description = "Number of old version's root roles to sign with to support old clients") int legacy;
    @Option(names = {"-k", "--key"}, split = ",", description = "New key(s) to rotate to. If not specified, one will be generated.") List<String> keyFiles = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.size() < 2) {
          throw new UsageError("Must specify a GUN and a key role to rotate");
        }
        GlobalOptions g = Cli.globals(spec);
        var config = g.config();
        Gun gun = Cli.gun(args.get(0));
        RoleName role;
        try {
          role = RoleName.of(args.get(1));
        } catch (IllegalArgumentException e) {
          // reference client/client.go checkRotationInput
          throw new IllegalStateException("notary does not currently permit rotating the " + args.get(1) + " key");
        }
        TrustDirKeyStore store = g.keyStore(config);
        List<KeyId> ids = new ArrayList<>();
        for (String f : keyFiles) {
          PrivateKey k = readKey(role, Path.of(f), Cli.globals(spec).passphrases());
          k = role.equals(RoleName.ROOT) || role.isDelegation() ? k.withRole(KeyRole.of(role)) : k.withRole(KeyRole.of(role), gun);
          store.add(k);
          ids.add(k.id());
        }
        if (role.equals(RoleName.ROOT)) {
          out.print("Warning: you are about to rotate your root key.\n\n"
              + "You must use your old key to sign this root rotation.\n"
              + "Are you sure you want to proceed?  (yes/no)  ");
          out.flush();
          if (!askConfirm()) {
            out.println("\nAborting action.");
            return;
          }
        }
        try (TrustClient client = g.client(config, GlobalOptions.Access.ADMIN)) {
          client.rotateKey(gun, role, serverManaged, ids, legacy);
        }
        out.println("Successfully rotated " + role.value() + " key for repository " + gun.value());
      });
    }
  }

  @Command(name = "import", description = "Imports all keys from the given PEM file(s).")
  public static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = {"-g", "--gun"}, description = "Globally Unique Name to import key to") String gun = "";
    @Option(names = {"-r", "--role"}, description = "Role to import key to (if not in PEM headers)") String role = "";

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.isEmpty()) {
          throw new UsageError("must specify at least one input file to import keys from");
        }
        GlobalOptions g = Cli.globals(spec);
        TrustDirKeyStore store = g.keyStore(g.config());
        KeyRole fallback = role.isEmpty() ? KeyRole.DEFAULT_IMPORT : KeyRole.of(role);
        for (String f : args) {
          String text = Files.readString(Path.of(f), StandardCharsets.ISO_8859_1);
          if (gun.isEmpty()) {
            store.importKeys(text, fallback);
          } else {
            store.importKeys(text, fallback, new Gun(gun));
          }
        }
      });
    }
  }

  @Command(name = "export", description = "Export all the keys from the key store.")
  public static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();
    @Option(names = "--gun", split = ",", description = "GUNs for which to export keys") List<String> guns = new ArrayList<>();
    @Option(names = "--key", split = ",", description = "Key IDs to export") List<String> keys = new ArrayList<>();
    @Option(names = {"-o", "--output"}, description = "Filepath to write export output to") String output = "";

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (!args.isEmpty()) {
          throw new UsageError("export does not take any positional arguments");
        }
        GlobalOptions g = Cli.globals(spec);
        TrustDirKeyStore store = g.keyStore(g.config());
        StringBuilder text = new StringBuilder();
        if (!guns.isEmpty()) {
          for (String gn : guns) {
            text.append(store.export(new Gun(gn)));
          }
        } else if (!keys.isEmpty()) {
          text.append(store.export(keys.stream().map(KeyId::new).toList()));
        } else {
          text.append(store.exportAll());
        }
        if (output.isEmpty()) {
          out.print(text);
        } else {
          writePrivate(Path.of(output), text.toString());
        }
      });
    }
  }

  @Command(name = "remove", description = "Removes the key with the given keyID.")
  public static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.isEmpty()) {
          throw new UsageError("must specify the key ID of the key to remove");
        }
        GlobalOptions g = Cli.globals(spec);
        TrustDirKeyStore store = g.keyStore(g.config());
        String id = args.getFirst();
        if (id.length() != 64) {
          throw new IllegalArgumentException("invalid key ID provided: " + id);
        }
        out.println("");
        var entry = store.entry(new KeyId(id));
        if (entry.isEmpty()) {
          out.println("");
          throw new IllegalArgumentException("No key with ID " + id + " found");
        }
        String description = id + " (role " + entry.get().role().value() + ") from " + store.location();
        out.print("Are you sure you want to remove " + description + "?  (yes/no)  ");
        out.flush();
        if (!askConfirm()) {
          out.println("\nAborting action.");
          out.println("");
          return;
        }
        store.remove(new KeyId(id));
        out.print("\nDeleted " + description + ".\n");
        out.println("");
      });
    }
  }

  @Command(name = "passwd", description = "Changes the passphrase for the key with the given keyID.")
  public static final class Passwd implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "0..*") List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return Cli.run(spec, out -> {
        if (args.isEmpty()) {
          throw new UsageError("must specify the key ID of the key to change the passphrase of");
        }
        GlobalOptions g = Cli.globals(spec);
        TrustDirKeyStore store = g.keyStore(g.config());
        String id = args.getFirst();
        if (id.length() != 64) {
          throw new IllegalArgumentException("invalid key ID provided: " + id);
        }
        if (store.entry(new KeyId(id)).isEmpty()) {
          throw new IllegalArgumentException("could not retrieve local key for key ID provided: " + id);
        }
        store.changePassphrase(new KeyId(id), g.passphrases());
        out.print("\nSuccessfully updated passphrase for key ID: " + id + "\n");
      });
    }
  }

}
