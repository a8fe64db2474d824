package dev.hallmark.cli.policy;

import dev.hallmark.client.TrustClient;
import dev.hallmark.client.TrustException;
import dev.hallmark.client.TrustFailure;
import dev.hallmark.client.TrustPinning;
import dev.hallmark.policy.TrustData;
import dev.hallmark.policy.TrustSource;
import dev.hallmark.server.fetch.MetadataFetch;
import dev.hallmark.tuf.Gun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own trust data, verified by the client's update workflow: the first root the
 * evaluator sees for a collection (checked against the configured trust pinning, if any) is pinned in {@code <data-dir>/policy/trust} (emptied at start) and
 * every later root must chain to it. When a collection was deleted and initialised again, its new root
 * cannot chain to the pinned one; since the store only holds roots the publish checks accepted, the
 * pin of that collection is dropped and the update retried once from the store's current root.
 */
final class ServerTrust implements TrustSource {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTrust.class);
  private static final String SOURCE = "the server's store";

  private final Path trustDir;
  private final TrustClient client;
  private final Clock clock;

  ServerTrust(Path trustDir, MetadataFetch fetch, TrustPinning pinning, Clock clock) throws IOException {
    this.trustDir = trustDir;
    this.clock = clock;
    deleteTree(trustDir);
    Files.createDirectories(trustDir);
    // as docker pulls: an invalid delegation is skipped, so its signatures never count
    this.client = TrustClient.builder(trustDir, new StoreRemote(fetch)).pinning(pinning).clock(clock)
        .skipInvalidDelegations(true).build();
  }

  @Override
  public TrustData trust(Gun gun) {
    try {
      return new TrustData(client.update(gun), clock.instant(), SOURCE);
    } catch (TrustException e) {
      if (!(e.failure() instanceof TrustFailure.UntrustedRoot || e.failure() instanceof TrustFailure.Rollback)) {
        throw e;
      }
      LOG.info("trust data of {} no longer chains to the root pinned for policy decisions ({}); re-pinning from the store",
          gun.value(), e.getMessage());
      try {
        deleteTree(trustDir.resolve("tuf").resolve(gun.value()));
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
      return new TrustData(client.update(gun), clock.instant(), SOURCE);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
