package dev.hallmark.cli.admin;

import dev.hallmark.registry.content.GarbageCollection;
import dev.hallmark.tuf.json.Json;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hallmark admin gc [--dry-run] [--delete-untagged] [--data-dir DIR]}: deletes registry blobs no
 * manifest references (and, with {@code --delete-untagged}, manifests no tag reaches), through the admin
 * API of a running server ({@code POST /api/v0/gc}), or with {@code --data-dir} directly on the data
 * directory of a stopped server.
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
    description = "Garbage-collect registry blobs no manifest references (blobs younger than the grace period stay).")
final class GcCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  AdminCommand admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(names = "--delete-untagged", description = "Also delete manifests no tag reaches (and then their blobs).")
  boolean deleteUntagged;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Collect offline in the data directory of a stopped server (H2 database only); refused while a server uses it.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (dataDir != null) {
      GarbageCollection.Report r = OfflineGarbageCollection.run(dataDir, deleteUntagged, dryRun);
      print(r.dryRun(), r.manifestsDeleted(), r.blobsDeleted(), r.bytesFreed(), r.blobsKept(), r.duration().toMillis());
      return 0;
    }
    String query = "?dryRun=" + dryRun + "&deleteUntagged=" + deleteUntagged;
    Json.Obj r = (Json.Obj) admin.client().call("POST", "api/v0/gc" + query, null);
    print(Boolean.parseBoolean(AdminClient.str(r, "dryRun")), number(r, "manifestsDeleted"), number(r, "blobsDeleted"),
        number(r, "bytesFreed"), number(r, "blobsKept"), number(r, "durationMillis"));
    return 0;
  }

  private void print(boolean dry, long manifests, long blobs, long bytes, long kept, long millis) {
    var out = spec.commandLine().getOut();
    String verb = dry ? "would delete" : "deleted";
    if (deleteUntagged) {
      out.printf("%s %d untagged manifests%n", verb, manifests);
    }
    out.printf(Locale.ROOT, "%s %d blobs, %d bytes (%.1f MB); kept %d blobs; took %d ms%n", verb, blobs, bytes,
        bytes / 1e6, kept, millis);
  }

  private static long number(Json.Obj o, String name) {
    String s = AdminClient.str(o, name);
    return s.isEmpty() ? 0 : Long.parseLong(s);
  }
}
