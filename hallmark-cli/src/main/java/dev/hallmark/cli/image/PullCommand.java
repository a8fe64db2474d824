package dev.hallmark.cli.image;

import dev.hallmark.cli.notary.GlobalOptions;
import dev.hallmark.client.ContentTrust;
import dev.hallmark.client.Target;
import dev.hallmark.client.TrustClient;
import dev.hallmark.client.registry.ImageArchive;
import dev.hallmark.client.registry.Platform;
import dev.hallmark.client.registry.RegistryClient;
import dev.hallmark.client.registry.RegistryException;
import dev.hallmark.client.registry.StreamedImage;
import dev.hallmark.oci.Digest;
import dev.hallmark.oci.ManifestReference;
import dev.hallmark.oci.Reference;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hallmark pull REF --output ARCHIVE}: {@code docker pull} into an OCI layout tar. With trust the
 * tag is resolved through verified trust data to a digest, and the manifest is pulled by that digest.
 * An image index is pulled whole (every platform), or with {@code --platform} only the matching image.
 * Blobs stream into temporary files next to the output while their digests are checked.
 */
@Command(name = "pull", description = "Pulls an image into an OCI layout tar, resolving the tag through trust data with --trust.")
public final class PullCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Parameters(index = "0", paramLabel = "REF", description = "HOST:PORT/namespace/name:tag or @digest") String reference;
  @Option(names = {"-o", "--output"}, required = true, paramLabel = "ARCHIVE", description = "OCI layout tar to write") Path output;
  @Option(names = "--trust", description = "Verify the tag through trust data (as DOCKER_CONTENT_TRUST=1)") boolean trust;
  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Of an image index, pull only this platform's image (default: every platform)") String platform;


  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var docker = new DockerEnvironment(GlobalOptions.of(spec));
    Reference ref = DockerEnvironment.reference(reference);
    String tagName = ref.tag().map(t -> t.value()).orElse("latest");
    ManifestReference what;
    Optional<Long> signedLength = Optional.empty();
    if (ref.digest().isPresent()) {
      what = ref.digest().get();
    } else if (docker.trustEnabled(trust)) {
      Target target;
      try (TrustClient client = docker.trust(ref, "pull")) {
        target = new ContentTrust(client).resolve(DockerEnvironment.gun(ref), tagName);
      }
      what = Digest.parse("sha256:" + target.meta().sha256().orElseThrow().hex());
      signedLength = Optional.of(target.meta().length());
      out.println("Pull (1 of 1): " + ref.registry().orElseThrow() + "/" + ref.repository().name() + ":" + tagName + "@" + what);
    } else {
      what = ref.tag().orElse(new dev.hallmark.oci.Tag("latest"));
    }
    StreamedImage image;
    Path work = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".pull");
    try (RegistryClient registry = docker.registry(ref)) {
      var manifest = registry.pullManifest(ref.repository(), what);
      if (signedLength.isPresent() && signedLength.get() != manifest.bytes().length()) {
        throw new RegistryException(0, "manifest " + what + " has " + manifest.bytes().length()
            + " bytes; trust data signs " + signedLength.get());
      }
      if (platform != null && manifest.mediaType().isIndex()) {
        // the index is verified (by trust or by its digest); its child is pulled by digest
        manifest = registry.pullManifest(ref.repository(), Platform.parse(platform).select(manifest.bytes()));
      }
      image = registry.pullImage(ref.repository(), manifest, work,
          PlainProgress.forOutput(out, GlobalOptions.of(spec).environment(), "Downloading", "Pull complete"));
      Path tmp = work.resolve("layout.tar");
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        ImageArchive.writeOciLayout(image, tagName, os);
      }
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      try (Stream<Path> files = Files.list(work)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
    out.println("Digest: " + image.digest());
    out.println("Status: Downloaded image for " + reference + " to " + output);
    out.flush();
    return 0;
  }
}
