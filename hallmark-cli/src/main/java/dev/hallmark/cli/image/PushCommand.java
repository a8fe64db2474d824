package dev.hallmark.cli.image;

import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.client.ContentTrust;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.registry.Image;
import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.client.registry.RegistryClient;
import dev.hallmark.oci.Reference;
import dev.hallmark.oci.Tag;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hallmark push ARCHIVE REF}: {@code docker push} from a {@code docker save} tarball or an OCI layout. */
@Command(name = "push", description = "Pushes an image archive (docker save tarball or OCI layout) to the registry, signing the tag with --trust.")
public final class PushCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "docker save tarball, or OCI layout (directory or tar)") Path archive;
  @Parameters(index = "1", paramLabel = "REF", description = "HOST:PORT/namespace/name:tag") String reference;
  @Option(names = "--trust", description = "Sign the tag (as DOCKER_CONTENT_TRUST=1)") boolean trust;

  private final Map<String, String> env;

  public PushCommand() {
    this(System.getenv());
  }

  public PushCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var docker = new DockerEnvironment(env, (GlobalOptions) spec.root().mixins().get("notary").userObject());
    Reference ref = DockerEnvironment.reference(reference);
    Tag tag = ref.tag().orElseThrow(() -> new IllegalArgumentException("REF must name a tag: " + reference));
    Image image = ImageArchive.read(archive, Optional.of(tag.value()));
    try (RegistryClient registry = docker.registry(ref)) {
      for (var blob : image.blobs().entrySet()) {
        registry.pushBlob(ref.repository(), blob.getKey(), blob.getValue());
        out.println(blob.getKey().hex().substring(0, 12) + ": Pushed");
      }
      registry.pushManifest(ref.repository(), tag, image.mediaType(), image.manifest());
    }
    out.println(tag.value() + ": digest: " + image.digest() + " size: " + image.manifest().length());
    if (docker.trustEnabled(trust)) {
      out.println("Signing and pushing trust metadata");
      out.flush();
      Gun gun = DockerEnvironment.gun(ref);
      try (TrustClient client = docker.trust(ref, "push,pull")) {
        var signing = new ContentTrust(client).sign(gun, tag.value(), image.manifest());
        if (signing.initialized()) {
          out.println("Initialized trust data for " + gun.value());
        }
        out.println("Successfully signed " + gun.value() + ":" + tag.value() + " into "
            + signing.roles().stream().map(RoleName::value).collect(Collectors.joining(", ")));
      }
    }
    out.flush();
    return 0;
  }
}
