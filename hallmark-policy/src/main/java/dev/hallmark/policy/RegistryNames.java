package dev.hallmark.policy;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host names under which clients reach this registry, e.g. {@code registry.example} or
 * {@code 10.0.0.5:5000}. An image reference whose host is not one of them is not ours: no trust data of
 * ours speaks for it. A name without a port matches that host on any port.
 */
public final class RegistryNames {
  private final Set<String> names;
  private final boolean any;

  private RegistryNames(Collection<String> names, boolean any) {
    var set = new TreeSet<String>();
    for (String n : names) {
      set.add(n.toLowerCase(Locale.ROOT));
    }
    this.names = Set.copyOf(set);
    this.any = any;
  }

  /** Exactly these names. */
  public static RegistryNames of(Collection<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no registry names");
    }
    return new RegistryNames(names, false);
  }

  /** Every host (a client checking the registry it was told to use). */
  public static RegistryNames any() {
    return new RegistryNames(List.of(), true);
  }

  /** Whether a reference's host ({@code host} or {@code host:port}) names this registry. */
  public boolean matches(String host) {
    if (any) {
      return !host.isEmpty();
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (names.contains(h)) {
      return true;
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 && h.indexOf(']') < colon && names.contains(h.substring(0, colon));
  }

  @Override
  public String toString() {
    return any ? "any host" : String.join(", ", names);
  }
}
