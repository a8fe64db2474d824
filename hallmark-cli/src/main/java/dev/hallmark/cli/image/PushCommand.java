package dev.hallmark.cli.image;

import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.client.ContentTrust;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.client.registry.RegistryClient;
import dev.hallmark.client.registry.StreamedImage;
import dev.hallmark.oci.Reference;
import dev.hallmark.oci.Tag;
import dev.hallmark.tuf.Gun;
import dev.hallmark.tuf.RoleName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark push ARCHIVE REF}: {@code docker push} from a {@code docker save} tarball or an OCI
 * layout, each layer streamed from the archive; an index is pushed with every manifest it lists (and
 * with trust, the index digest is signed, as docker does). Per-layer progress is drawn in place on a
 * terminal, one line per layer otherwise.
 */
@Command(name = "push", description = "Pushes an image archive (docker save tarball or OCI layout) to the registry, signing the tag with --trust.")
public final class PushCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "docker save tarball, or OCI layout (directory or tar)") Path archive;
  @Parameters(index = "1", paramLabel = "REF", description = "HOST:PORT/namespace/name:tag") String reference;
  @Option(names = "--trust", description = "Sign the tag (as DOCKER_CONTENT_TRUST=1)") boolean trust;


  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var docker = new DockerEnvironment(GlobalOptions.of(spec));
    Reference ref = DockerEnvironment.reference(reference);
    Tag tag = ref.tag().orElseThrow(() -> new IllegalArgumentException("REF must name a tag: " + reference));
    StreamedImage image;
    try (ImageArchive.Opened opened = ImageArchive.open(archive, Optional.of(tag.value()));
        RegistryClient registry = docker.registry(ref)) {
      image = opened.image();
      registry.pushImage(ref.repository(), tag, image, PlainProgress.forOutput(out, GlobalOptions.of(spec).environment(), "Pushing", "Pushed"));
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
