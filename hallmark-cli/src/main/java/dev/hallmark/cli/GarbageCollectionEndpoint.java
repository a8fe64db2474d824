package dev.hallmark.cli;

import dev.hallmark.accounts.AccountException;
import dev.hallmark.accounts.http.AdminEndpoint;
import dev.hallmark.registry.content.GarbageCollection;
import dev.hallmark.tuf.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v0/gc[?dryRun=true][&deleteUntagged=true]}: runs the registry's garbage collector
 * once for an admin and answers its report,
 * {@code {"dryRun","manifestsDeleted","blobsDeleted","bytesFreed","blobsKept","durationMillis"}}.
 * One run at a time: a second request while one runs is {@code 409 CONFLICT}.
 */
final class GarbageCollectionEndpoint implements AdminEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectionEndpoint.class);

  private final GarbageCollection gc;
  private final ReentrantLock running = new ReentrantLock();

  GarbageCollectionEndpoint(GarbageCollection gc) {
    this.gc = gc;
  }

  @Override
  public Json handle(String method, Map<String, String> query) throws IOException {
    if (!method.equals("POST")) {
      throw new AccountException(AccountException.Code.METHOD_NOT_ALLOWED, "garbage collection is POST");
    }
    boolean dryRun = flag(query, "dryRun");
    boolean deleteUntagged = flag(query, "deleteUntagged");
    if (!running.tryLock()) {
      throw new AccountException(AccountException.Code.CONFLICT, "a garbage collection is already running");
    }
    GarbageCollection.Report r;
    try {
      r = gc.run(deleteUntagged, dryRun);
    } finally {
      running.unlock();
    }
    LOG.info("garbage collection: dryRun={} manifestsDeleted={} blobsDeleted={} bytesFreed={} blobsKept={} duration={}",
        r.dryRun(), r.manifestsDeleted(), r.blobsDeleted(), r.bytesFreed(), r.blobsKept(), r.duration());
    return report(r);
  }

  static Json report(GarbageCollection.Report r) {
    return Json.object().put("dryRun", Json.of(r.dryRun())).put("manifestsDeleted", Json.of(r.manifestsDeleted()))
        .put("blobsDeleted", Json.of(r.blobsDeleted())).put("bytesFreed", Json.of(r.bytesFreed()))
        .put("blobsKept", Json.of(r.blobsKept())).put("durationMillis", Json.of(r.duration().toMillis())).build();
  }

  private static boolean flag(Map<String, String> query, String name) {
    String v = query.get(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.isEmpty() || v.equals("true")) {
      return true;
    }
    throw new AccountException(AccountException.Code.INVALID_ARGUMENT, name + " must be true or false");
  }
}
