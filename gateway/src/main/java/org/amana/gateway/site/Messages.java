package org.amana.gateway.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The site's message bundles, {@code messages_<code>.properties} next to this class, read as
 * UTF-8. Every string a visitor sees comes from them, so a further language is a translated bundle
 * and its code in {@link #CODES}.
 *
 * <p>The language of a page comes only from the first segment of its path: Tor Browser hides the
 * real Accept-Language, and guessing from headers would both fail and single a visitor out.
 */
final class Messages {
  /** The site's languages, in the order their links appear. English is the fallback. */
  static final List<String> CODES = List.of("en", "ar");

  private final Map<String, Text> texts;
  private final List<Language> languages;

  private Messages(Map<String, Text> texts) {
    this.texts = texts;
    this.languages = texts.values().stream().map(Text::language).toList();
  }

  static Messages load() {
    Map<String, Text> texts = new LinkedHashMap<>();
    for (String code : CODES) {
      Map<String, String> strings = bundle(code);
      String dir = strings.get("lang.dir");
      if (!"ltr".equals(dir) && !"rtl".equals(dir)) {
        throw new IllegalStateException("messages_" + code + ": lang.dir must be ltr or rtl");
      }
      texts.put(code, new Text(new Language(code, dir, strings.get("lang.name")), strings));
    }
    return new Messages(texts);
  }

  /** One bundle's entries, as written (for the tests that compare bundles too). */
  static Map<String, String> bundle(String code) {
    String name = "messages_" + code + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing bundle " + name);
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> strings = new LinkedHashMap<>();
      for (String key : p.stringPropertyNames()) strings.put(key, p.getProperty(key));
      return strings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Language> languages() {
    return languages;
  }

  Optional<Text> in(String code) {
    return Optional.ofNullable(texts.get(code));
  }

  Text english() {
    return texts.get("en");
  }

  /** The language named by the first segment of {@code path}, or English. */
  Text forPath(String path) {
    return in(firstSegment(path)).orElse(english());
  }

  static String firstSegment(String path) {
    if (path == null || !path.startsWith("/")) return "";
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }

  /** Every language but {@code current}, for the switch links. */
  List<Language> others(Language current) {
    List<Language> others = new ArrayList<>(languages);
    others.remove(current);
    return others;
  }
}
