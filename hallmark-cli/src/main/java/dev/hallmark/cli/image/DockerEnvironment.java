package dev.hallmark.cli.image;

import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.client.HttpRemoteStore;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.TrustPinning;
import dev.hallmark.client.registry.RegistryClient;
import dev.hallmark.keys.Console;
import dev.hallmark.keys.PassphraseRetriever;
import dev.hallmark.keys.TrustDirKeyStore;
import dev.hallmark.oci.Reference;
import dev.hallmark.tuf.Gun;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * What the docker client reads from its environment: the trust directory ({@code -d}, else
 * {@code $DOCKER_CONFIG/trust}, else {@code ~/.docker/trust}), the trust server
 * ({@code DOCKER_CONTENT_TRUST_SERVER}, else the registry itself), whether trust is on
 * ({@code DOCKER_CONTENT_TRUST}), passphrases ({@code DOCKER_CONTENT_TRUST_*_PASSPHRASE}) and registry
 * credentials ({@code REGISTRY_AUTH} = base64 of {@code user:password}).
 */
final class DockerEnvironment {
  private final Map<String, String> env;
  private final GlobalOptions globals;

  DockerEnvironment(GlobalOptions globals) {
    this.env = globals.environment();
    this.globals = globals;
  }

  boolean trustEnabled(boolean flag) {
    String v = env.getOrDefault("DOCKER_CONTENT_TRUST", "");
    return flag || v.equals("1") || v.equalsIgnoreCase("true");
  }

  Path trustDir() {
    return globals.trustDirFlag().orElseGet(() -> {
      String config = env.get("DOCKER_CONFIG");
      if (config != null && !config.isEmpty()) {
        return Path.of(config, "trust").toAbsolutePath();
      }
      return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker", "trust");
    });
  }

  /** The reference with its registry, or a usage error. */
  static Reference reference(String text) {
    Reference ref = Reference.parse(text);
    if (ref.registry().isEmpty()) {
      throw new IllegalArgumentException("reference must name its registry (HOST:PORT/namespace/name:tag): " + text);
    }
    return ref;
  }

  static Gun gun(Reference ref) {
    return new Gun(ref.registry().orElseThrow() + "/" + ref.repository().name());
  }

  /**
   * Credentials for a registry: {@code REGISTRY_AUTH} or {@code NOTARY_AUTH} (base64 {@code user:password}),
   * else what {@code docker login} or
   * {@code hallmark login} stored for the host in docker's config.json.
   */
  private Optional<String[]> credentials(String registry) throws IOException {
    String auth = env.get("REGISTRY_AUTH");
    if (auth == null || auth.isEmpty()) {
      auth = env.get("NOTARY_AUTH");
    }
    if (auth != null && !auth.isEmpty()) {
      String decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon > 0 ? Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)})
          : Optional.empty();
    }
    return new DockerConfig(env).credentials(registry);
  }

  RegistryClient registry(Reference ref) throws IOException {
    var b = RegistryClient.builder(URI.create("https://" + ref.registry().orElseThrow()));
    globals.tlsCaCertFlag().ifPresent(b::caFile);
    credentials(ref.registry().orElseThrow()).ifPresent(c -> b.credentials(c[0], c[1]));
    return b.build();
  }

  TrustClient trust(Reference ref, String actions) throws IOException {
    return trust(trustServer(ref, actions));
  }

  /** The trust server of a reference: {@code DOCKER_CONTENT_TRUST_SERVER}, else the registry itself. */
  HttpRemoteStore trustServer(Reference ref, String actions) throws IOException {
    String server = env.getOrDefault("DOCKER_CONTENT_TRUST_SERVER", "");
    URI uri = URI.create(server.isEmpty() ? "https://" + ref.registry().orElseThrow() : server);
    var b = HttpRemoteStore.builder(uri).tokenActions(actions);
    globals.tlsCaCertFlag().ifPresent(b::caFile);
    credentials(ref.registry().orElseThrow()).ifPresent(c -> b.credentials(c[0], c[1]));
    return b.build();
  }

  /** A client of the trust directory over the given trust server, as docker pulls with it. */
  TrustClient trust(HttpRemoteStore remote) throws IOException {
    Path dir = trustDir();
    return TrustClient.builder(dir, remote)
        .pinning(TrustPinning.TOFU)
        .skipInvalidDelegations(true)
        .keys(TrustDirKeyStore.open(dir, PassphraseRetriever.docker(env, Console.system())))
        .build();
  }
}
