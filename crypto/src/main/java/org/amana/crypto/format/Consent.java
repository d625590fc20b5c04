package org.amana.crypto.format;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the defender allows to be done with their report: how they may be contacted, the uses,
 * whether they may be named, whether files keep their metadata, and an optional day after which
 * the consent lapses unless renewed. The record-keeping use is always given (submitting is
 * consenting to a confidential record); every other use must be given explicitly.
 *
 * <p>Encoding (docs/consent.md): a JSON object, canonical as written by {@link #toJson}. Version 1
 * carries {@code "version": 1}; version 0 — the consent object of amana-manifest/1 and /2, without
 * a version — is read too: a missing answer reads as its most protective value, and it has no
 * lapse day.
 *
 * <p><b>Security guarantees.</b> {@link #parse} accepts only known values and bounded sizes and
 * fails with {@link FormatException} on anything else; a consent that does not parse allows
 * nothing (the console refuses every action beyond reading).
 */
public record Consent(Contact contact, String channel, Set<Use> uses, Naming naming, Metadata metadata, LocalDate lapsesOn) {
  public static final int VERSION = 1;
  /** The longest contact channel kept (a Signal number, a Matrix id, a trusted person's name…). */
  public static final int MAX_CHANNEL = 1000;

  public enum Contact { NONE, REPLIES, CHANNEL }

  /** A use of the report; RECORD is always allowed while consent stands. */
  public enum Use { RECORD, UN, PARTNERS, PUBLIC, LEGAL }

  public enum Naming { NEVER, ASK, ALLOWED }

  public enum Metadata { REMOVE, KEEP }

  public Consent {
    if (contact == null || uses == null || naming == null || metadata == null) throw new FormatException("consent incomplete");
    if ((contact == Contact.CHANNEL) != (channel != null)) throw new FormatException("a channel goes with contact 'channel' only");
    if (channel != null && channel.length() > MAX_CHANNEL) throw new FormatException("channel longer than " + MAX_CHANNEL);
    EnumSet<Use> u = uses.isEmpty() ? EnumSet.noneOf(Use.class) : EnumSet.copyOf(uses);
    u.add(Use.RECORD);
    uses = Collections.unmodifiableSet(u);
  }

  /** Contact none, the confidential record only, never named, metadata removed, no lapse day. */
  public static Consent mostProtective() {
    return new Consent(Contact.NONE, null, Set.of(Use.RECORD), Naming.NEVER, Metadata.REMOVE, null);
  }

  public boolean allows(Use use) {
    return uses.contains(use);
  }

  /** Whether the lapse day has passed on {@code today}: consent holds through the lapse day itself. */
  public boolean lapsed(LocalDate today) {
    return lapsesOn != null && today.isAfter(lapsesOn);
  }

  public Consent withUse(Use use, boolean allowed) {
    EnumSet<Use> u = EnumSet.copyOf(uses);
    if (allowed) u.add(use);
    else if (use != Use.RECORD) u.remove(use);
    return new Consent(contact, channel, u, naming, metadata, lapsesOn);
  }

  public Consent withNaming(Naming n) {
    return new Consent(contact, channel, uses, n, metadata, lapsesOn);
  }

  /** The canonical encoding: fixed key order, no spaces, every use listed. */
  public String toJson() {
    StringBuilder b = new StringBuilder(256).append("{\"version\":").append(VERSION)
        .append(",\"contact\":").append(Json.quote(name(contact)));
    if (channel != null) b.append(",\"contactChannel\":").append(Json.quote(channel));
    b.append(",\"uses\":{");
    for (Use u : Use.values()) b.append(u.ordinal() == 0 ? "" : ",").append(Json.quote(name(u))).append(':').append(uses.contains(u));
    b.append("},\"naming\":").append(Json.quote(name(naming))).append(",\"metadata\":").append(Json.quote(name(metadata)));
    if (lapsesOn != null) b.append(",\"lapsesOn\":").append(Json.quote(lapsesOn.toString()));
    return b.append('}').toString();
  }

  /** Reads a consent object of version 1, or of version 0 (no version key: old manifests). */
  public static Consent parse(String json) {
    return fromMap(Json.object(json));
  }

  static Consent fromMap(Map<String, Object> o) {
    boolean old = !o.containsKey("version");
    if (!old && Json.integer(o, "version") != VERSION) {
      throw new FormatException("consent version " + o.get("version") + " is newer than this software: update it");
    }
    for (String key : o.keySet()) {
      if (!Set.of("version", "contact", "contactChannel", "uses", "naming", "metadata", "lapsesOn").contains(key)) {
        throw new FormatException("unknown consent key " + key);
      }
    }
    Contact contact = old && !o.containsKey("contact") ? Contact.NONE : value(Contact.class, Json.string(o, "contact"));
    String channel = Json.optionalString(o, "contactChannel");
    if (contact == Contact.CHANNEL && channel == null) {
      if (!old) throw new FormatException("contact 'channel' without contactChannel");
      channel = "";
    }
    if (contact != Contact.CHANNEL) {
      if (channel != null && !old) throw new FormatException("contactChannel without contact 'channel'");
      channel = null; // version 0 never wrote one; were it there, it is not consent to use it
    }
    EnumSet<Use> uses = EnumSet.of(Use.RECORD);
    if (o.containsKey("uses") || !old) {
      Map<String, Object> u = Json.object(o, "uses");
      for (String key : u.keySet()) {
        Use use = value(Use.class, key);
        if (Json.bool(u, key)) uses.add(use);
        else if (use == Use.RECORD && !old) throw new FormatException("the record use cannot be refused");
      }
      if (!old && u.size() != Use.values().length) throw new FormatException("every use must be listed");
    }
    Naming naming = old && !o.containsKey("naming") ? Naming.NEVER : value(Naming.class, Json.string(o, "naming"));
    Metadata metadata = old && !o.containsKey("metadata") ? Metadata.REMOVE : value(Metadata.class, Json.string(o, "metadata"));
    LocalDate lapses = null;
    String day = Json.optionalString(o, "lapsesOn");
    if (day != null) lapses = day(day, "lapsesOn");
    return new Consent(contact, channel, uses, naming, metadata, lapses);
  }

  /** A short plain-English line for reviewers (the channel is not in it: it is shown only by 'contact'). */
  public String summary() {
    StringBuilder b = new StringBuilder("uses:");
    for (Use u : uses) b.append(' ').append(name(u));
    b.append("; contact ").append(name(contact)).append("; naming ").append(name(naming))
        .append("; metadata ").append(name(metadata));
    if (lapsesOn != null) b.append("; lapses after ").append(lapsesOn);
    return b.toString();
  }

  static LocalDate day(String s, String key) {
    if (s.length() != 10) throw new FormatException(key + " must be a day, YYYY-MM-DD");
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new FormatException(key + " must be a day, YYYY-MM-DD");
    }
  }

  /** The encoded name of a value: its constant's name in lower case. */
  public static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** The value of {@code type} encoded as {@code s}; fails on anything else. */
  public static <E extends Enum<E>> E value(Class<E> type, String s) {
    for (E e : type.getEnumConstants()) if (name(e).equals(s)) return e;
    throw new FormatException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + printable(s) + "'");
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
