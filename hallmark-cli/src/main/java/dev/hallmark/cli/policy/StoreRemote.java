package dev.hallmark.cli.policy;

import dev.hallmark.client.RemoteStore;
import dev.hallmark.client.TrustException;
import dev.hallmark.client.TrustFailure;
import dev.hallmark.server.fetch.MetadataFetch;
import dev.hallmark.server.fetch.Served;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own metadata as a {@link RemoteStore}, read in process (no HTTP): what the trust API
 * would serve for {@code /v2/<gun>/_trust/tuf/<file>}, including re-signed timestamps. The policy
 * evaluator runs the client's full update workflow over it, so the server trusts its own store no
 * more than a client would.
 */
public final class StoreRemote implements RemoteStore {
  private static final Pattern VERSIONED = Pattern.compile("([0-9]{1,9})\\.(.+)");
  private static final Pattern HASHED = Pattern.compile("(.+)\\.([0-9a-f]{64})");

  private final MetadataFetch fetch;

  public StoreRemote(MetadataFetch fetch) {
    this.fetch = fetch;
  }

  @Override
  public Bytes fetch(Gun gun, String fileName, long maxBytes) {
    if (!fileName.endsWith(".json")) {
      throw notFound(fileName);
    }
    String base = fileName.substring(0, fileName.length() - 5);
    Optional<Served> served;
    try {
      Matcher v = VERSIONED.matcher(base);
      Matcher h = HASHED.matcher(base);
      if (v.matches()) {
        served = fetch.byVersion(gun, RoleName.of(v.group(2)), Integer.parseInt(v.group(1)));
      } else if (h.matches()) {
        served = fetch.byChecksum(gun, RoleName.of(h.group(1)), h.group(2));
      } else {
        served = fetch.current(gun, RoleName.of(base));
      }
    } catch (IllegalArgumentException e) {
      throw notFound(fileName);
    } catch (IOException | RuntimeException e) {
      throw new TrustException(new TrustFailure.Unavailable(500),
          "the trust data store could not be read: " + e.getMessage(), e);
    }
    Bytes data = served.orElseThrow(() -> notFound(fileName)).data();
    if (data.length() > maxBytes) {
      throw new TrustException(new TrustFailure.TooLarge(fileName, maxBytes), fileName + " is larger than " + maxBytes + " bytes");
    }
    return data;
  }

  private static TrustException notFound(String fileName) {
    return new TrustException(new TrustFailure.NotFound(fileName), fileName + " does not exist");
  }

  @Override
  public String address() {
    return "the server's store";
  }
}
