package org.amana.crypto.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little JSON this package needs, and no more: objects of strings, booleans, null and small
 * integers, nested at most {@link #MAX_DEPTH} deep; no arrays, no fractions. Hostile input is
 * bounded before it is read ({@link #MAX_CHARS}), duplicate keys are refused (two readers could
 * otherwise see two different consents in one record), and every failure is a
 * {@link FormatException}. Crypto has no JSON library, and the consent records must not need one.
 */
final class Json {
  static final int MAX_CHARS = 16 * 1024;
  static final int MAX_DEPTH = 4;

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /** Reads one JSON object (surrounding whitespace allowed). */
  static Map<String, Object> object(String text) {
    if (text == null) throw new FormatException("no record");
    if (text.length() > MAX_CHARS) throw new FormatException("record longer than " + MAX_CHARS + " characters");
    Json j = new Json(text);
    j.space();
    Map<String, Object> o = j.readObject(1);
    j.space();
    if (j.i != text.length()) throw new FormatException("text after the record");
    return o;
  }

  private Map<String, Object> readObject(int depth) {
    if (depth > MAX_DEPTH) throw new FormatException("nested too deep");
    expect('{');
    Map<String, Object> o = new LinkedHashMap<>();
    space();
    if (peek() == '}') {
      i++;
      return o;
    }
    while (true) {
      space();
      String key = readString();
      space();
      expect(':');
      space();
      if (o.containsKey(key)) throw new FormatException("duplicate key " + key);
      o.put(key, readValue(depth));
      space();
      char c = next();
      if (c == '}') return o;
      if (c != ',') throw new FormatException("expected , or } at " + (i - 1));
    }
  }

  private Object readValue(int depth) {
    char c = peek();
    if (c == '{') return readObject(depth + 1);
    if (c == '"') return readString();
    if (s.startsWith("true", i)) {
      i += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", i)) {
      i += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("null", i)) {
      i += 4;
      return NULL;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return readInteger();
    throw new FormatException("unsupported value at " + i);
  }

  /** Null as a map value, so that "key": null and a missing key stay apart. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private Long readInteger() {
    int start = i;
    if (peek() == '-') i++;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
    if (i - start > 15 || i == start || (i == start + 1 && s.charAt(start) == '-')) throw new FormatException("bad number at " + start);
    int digits = s.charAt(start) == '-' ? start + 1 : start;
    if (s.charAt(digits) == '0' && i > digits + 1) throw new FormatException("a number with a leading zero at " + start);
    if (i < s.length() && ".eE".indexOf(s.charAt(i)) >= 0) throw new FormatException("only integers are allowed");
    return Long.parseLong(s.substring(start, i));
  }

  private String readString() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') return wellFormed(b.toString());
      if (c < 0x20) throw new FormatException("control character in a string");
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) throw new FormatException("cut-off escape");
          for (int k = i; k < i + 4; k++) {
            // exactly four hex digits: Integer.parseInt would also take "+041" or "-001"
            if (Character.digit(s.charAt(k), 16) < 0 || s.charAt(k) > 127) throw new FormatException("bad escape");
          }
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw new FormatException("bad escape");
      }
    }
  }

  /** A string with an unpaired surrogate (from escapes) is no text: refused, not carried on. */
  private static String wellFormed(String text) {
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (Character.isHighSurrogate(c) && k + 1 < text.length() && Character.isLowSurrogate(text.charAt(k + 1))) {
        k++;
      } else if (Character.isSurrogate(c)) {
        throw new FormatException("an unpaired surrogate in a string");
      }
    }
    return text;
  }

  private void space() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
  }

  private char peek() {
    if (i >= s.length()) throw new FormatException("record cut off");
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) throw new FormatException("expected " + c + " at " + (i - 1));
  }

  /** A JSON string literal: quotes, backslash and every control character escaped. */
  static String quote(String v) {
    StringBuilder b = new StringBuilder(v.length() + 2).append('"');
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x2028 && c <= 0x2029)) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  // ---- typed access, each failing with the key's name

  static String string(Map<String, Object> o, String key) {
    if (!(o.get(key) instanceof String v)) throw new FormatException(key + " must be a string");
    return v;
  }

  static String optionalString(Map<String, Object> o, String key) {
    Object v = o.get(key);
    if (v == null || v == NULL) return null;
    if (!(v instanceof String str)) throw new FormatException(key + " must be a string");
    return str;
  }

  static boolean bool(Map<String, Object> o, String key) {
    if (!(o.get(key) instanceof Boolean v)) throw new FormatException(key + " must be true or false");
    return v;
  }

  static long integer(Map<String, Object> o, String key) {
    if (!(o.get(key) instanceof Long v)) throw new FormatException(key + " must be an integer");
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> o, String key) {
    if (!(o.get(key) instanceof Map<?, ?> v)) throw new FormatException(key + " must be an object");
    return (Map<String, Object>) v;
  }
}
