package org.amana.gateway.strip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which stripper cleans which detected type. The type always comes from the file's bytes (Tika),
 * never from its name or the client's claim. A type with no stripper is reported to the defender
 * as "metadata could not be removed".
 */
public final class Strippers {
  /** Plain text carries no metadata of its own: it is stored unchanged. */
  static final Stripper PLAIN_TEXT = (source, out, limits) -> {
    try (InputStream in = source.stream()) {
      in.transferTo(out);
    }
    return Stripped.of(Set.of());
  };

  private final Map<String, Stripper> byType;

  private Strippers(Map<String, Stripper> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** Every stripper Amana has. */
  public static Strippers standard() {
    Map<String, Stripper> all = new HashMap<>();
    all.put("text/plain", PLAIN_TEXT);
    putAll(all, ImageStrippers.all());
    putAll(all, DocumentStrippers.all());
    putAll(all, MediaStrippers.all());
    return new Strippers(all);
  }

  private static void putAll(Map<String, Stripper> into, Map<String, Stripper> family) {
    family.forEach((type, s) -> {
      if (into.putIfAbsent(type, s) != null) throw new IllegalStateException("two strippers for " + type);
    });
  }

  /** The stripper for a media type as Tika names it (parameters such as charset are ignored). */
  public Optional<Stripper> forType(String detectedType) {
    if (detectedType == null) return Optional.empty();
    int semicolon = detectedType.indexOf(';');
    String base = (semicolon < 0 ? detectedType : detectedType.substring(0, semicolon)).strip();
    return Optional.ofNullable(byType.get(base));
  }

  /** Convenience for tests and the benchmark: strips {@code bytes} of {@code type}. */
  public Stripped strip(String type, byte[] bytes, OutputStream out) throws IOException {
    Stripper s = forType(type).orElseThrow(() -> new StripException(StripException.Kind.UNSUPPORTED, "no stripper for " + type));
    return s.strip(Source.of(bytes), out, StripLimits.DEFAULT);
  }
}
