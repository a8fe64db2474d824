package dev.hallmark.client.registry;

import dev.hallmark.oci.Digest;
import dev.hallmark.tuf.Bytes;
import dev.hallmark.tuf.json.Json;
import dev.hallmark.tuf.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image platform as an index lists it ({@code os}, {@code architecture}, optional {@code variant}),
 * written {@code os/arch[/variant]} as {@code docker pull --platform} takes it.
 *
 * @param variant empty when any variant will do
 */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    Objects.requireNonNull(os);
    Objects.requireNonNull(architecture);
    Objects.requireNonNull(variant);
    if (os.isEmpty() || architecture.isEmpty()) {
      throw new IllegalArgumentException("a platform is os/arch[/variant]");
    }
  }

  /** Parses {@code os/arch[/variant]}. @throws IllegalArgumentException for anything else */
  public static Platform parse(String text) {
    String[] p = text.split("/", -1);
    if (p.length < 2 || p.length > 3) {
      throw new IllegalArgumentException("a platform is os/arch[/variant], got " + text);
    }
    return new Platform(p[0], p[1], p.length == 3 ? p[2] : "");
  }

  /**
   * The manifest of an index for this platform.
   *
   * @return the first manifest listed for this platform
   * @throws RegistryException when the index lists none
   */
  public Digest select(Bytes index) {
    if (!(JsonReader.forMetadata().parse(index.unsafeArray()) instanceof Json.Obj o) || !(o.get("manifests") instanceof Json.Arr list)) {
      throw new RegistryException(0, "not an image index");
    }
    List<Digest> matches = new ArrayList<>();
    List<String> offered = new ArrayList<>();
    for (Json m : list.items()) {
      if (!(m instanceof Json.Obj d) || !(d.get("digest") instanceof Json.Str digest)) {
        continue;
      }
      Optional<Platform> p = d.get("platform") instanceof Json.Obj po ? Optional.of(new Platform(str(po, "os"),
          str(po, "architecture"), str(po, "variant"))) : Optional.empty();
      p.ifPresent(x -> offered.add(x.toString()));
      if (p.isPresent() && p.get().os.equals(os) && p.get().architecture.equals(architecture)
          && (variant.isEmpty() || variant.equals(p.get().variant))) {
        matches.add(Digest.parse(digest.value()));
      }
    }
    if (matches.isEmpty()) {
      throw new RegistryException(0, "the index has no manifest for " + this + " (it has " + String.join(", ", offered) + ")");
    }
    return matches.getFirst();
  }

  private static String str(Json.Obj o, String name) {
    return o.get(name) instanceof Json.Str s && !s.value().isEmpty() ? s.value() : name.equals("variant") ? "" : "?";
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
