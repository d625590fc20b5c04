package org.amana.gateway.strip;

import java.util.EnumSet;
import java.util.Set;

/**
 * The outcome of stripping one file: the categories of metadata found and removed (empty when the
 * file carried none), and a more precise media type when the stripper learned one (else null).
 */
public record Stripped(Set<Category> removed, String refinedType) {
  public Stripped {
    removed = removed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(removed));
  }

  public static Stripped of(Set<Category> removed) {
    return new Stripped(removed, null);
  }
}
