package org.amana.crypto.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, and one or
 * more lines {@code — <key name> base64(key ID || signature)}. Parsing only checks the form; use
 * {@link NoteVerifier#verify} before trusting the text.
 *
 * <p>Limits, so hostile input costs little: at most {@link #MAX_BYTES} bytes and
 * {@link #MAX_SIGNATURES} signature lines (the spec asks verifiers to accept at least 16).
 */
public record SignedNote(String text, List<Signature> signatures) {
  public static final int MAX_BYTES = 64 * 1024;
  public static final int MAX_SIGNATURES = 32;
  private static final String DASH = "\u2014 ";

  /** One signature line: the key's name, its 32-bit ID, and the signature bytes after the ID. */
  public record Signature(String keyName, int keyId, byte[] signature) {
    public Signature {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String line() {
      byte[] raw = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
      return DASH + keyName + " " + Base64.getEncoder().encodeToString(raw) + "\n";
    }
  }

  public SignedNote {
    checkText(text);
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) throw new NoteException("a signed note has at least one signature");
  }

  /** The note as sent: the text, a blank line, the signature lines. */
  public String encoded() {
    StringBuilder b = new StringBuilder(text).append('\n');
    signatures.forEach(s -> b.append(s.line()));
    return b.toString();
  }

  /** Parses strictly (UTF-8, no control characters but newline, canonical base64, valid key names). */
  public static SignedNote parse(byte[] note) {
    if (note.length > MAX_BYTES) throw new NoteException("note longer than " + MAX_BYTES + " bytes");
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(note)).toString();
    } catch (CharacterCodingException e) {
      throw new NoteException("note is not valid UTF-8");
    }
    return parse(s);
  }

  public static SignedNote parse(String note) {
    if (note.length() > MAX_BYTES) throw new NoteException("note longer than " + MAX_BYTES + " bytes");
    checkCharacters(note);
    int split = note.lastIndexOf("\n\n");
    if (split < 0) throw new NoteException("no blank line before the signatures");
    String text = note.substring(0, split + 1);
    String rest = note.substring(split + 2);
    if (rest.isEmpty() || !rest.endsWith("\n")) throw new NoteException("signature lines must end in a newline");
    List<Signature> sigs = new ArrayList<>();
    for (String line : rest.substring(0, rest.length() - 1).split("\n", -1)) {
      if (sigs.size() == MAX_SIGNATURES) throw new NoteException("more than " + MAX_SIGNATURES + " signatures");
      sigs.add(signatureLine(line));
    }
    return new SignedNote(text, sigs);
  }

  private static Signature signatureLine(String line) {
    if (!line.startsWith(DASH)) throw new NoteException("a signature line starts with an em dash and a space");
    String body = line.substring(DASH.length());
    int space = body.indexOf(' ');
    if (space < 0) throw new NoteException("a signature line is: em dash, name, space, signature");
    String name = body.substring(0, space);
    checkKeyName(name);
    byte[] raw = strictBase64(body.substring(space + 1));
    if (raw.length < 5) throw new NoteException("a signature is a key ID and at least one byte");
    ByteBuffer b = ByteBuffer.wrap(raw);
    int id = b.getInt();
    byte[] sig = new byte[b.remaining()];
    b.get(sig);
    return new Signature(name, id, sig);
  }

  /** Standard base64 with padding, canonical only: the JDK decoder alone accepts non-canonical forms. */
  static byte[] strictBase64(String s) {
    byte[] out;
    try {
      out = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new NoteException("invalid base64");
    }
    if (!Base64.getEncoder().encodeToString(out).equals(s)) throw new NoteException("non-canonical base64");
    return out;
  }

  /** Key names: non-empty, no Unicode space, no plus sign. */
  static void checkKeyName(String name) {
    if (name.isEmpty() || name.length() > 256) throw new NoteException("a key name has 1 to 256 characters");
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+' || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        throw new NoteException("a key name has no spaces and no plus sign");
      }
      i += Character.charCount(cp);
    }
  }

  static void checkText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) throw new NoteException("a note text ends in a newline");
    checkCharacters(text);
  }

  private static void checkCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') throw new NoteException("control character in note");
      if (Character.isSurrogate(c)) {
        // Paired surrogates are fine (UTF-8 decoding makes only those); a lone one is not text.
        if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new NoteException("not valid Unicode text");
        }
        i++;
      }
    }
  }
}
