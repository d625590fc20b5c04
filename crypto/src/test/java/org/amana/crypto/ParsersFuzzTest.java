package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzz targets (Jazzer) for every parser of hostile input in this module. Each target states its
 * oracle: which exceptions may escape, and what must hold when the input is accepted. Any other
 * exception, an {@link Error} (OutOfMemoryError included) or a hang is a finding.
 *
 * <p>{@code mvn verify} only replays each target on the files in
 * {@code src/test/resources/org/amana/crypto/ParsersFuzzTestInputs/<method>/}: seeds (copied from
 * the CCTV vectors and the typage interop files by {@code ops/fuzz seeds}, or written by hand),
 * {@code crash-*} findings, and for the unwrap target a {@code corpus/} kept from a fuzzing run.
 * {@code ops/fuzz METHOD SECONDS} fuzzes one target; a finding is written to that directory, so it
 * fails the build until it is fixed and stays a regression test after.
 */
class ParsersFuzzTest {
  // Test keys of the CCTV vectors and of the typage interop files, so that the seeds made from
  // those files open, and the fuzzer starts from a payload as well as from a header.
  private static final X25519Identity X25519 =
      X25519Identity.parse("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0");
  private static final MlKem768X25519Identity PQ =
      MlKem768X25519Identity.parse("AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG");
  private static final SoftwareP256 P256_KEY = p256("8a0e1cdfc54e5c472f45aed67d9546a2fe172a2e09eafd417d995ca247816095");
  private static final P256TagIdentity P256_TAG = new P256TagIdentity(P256_KEY);
  private static final MlKem768P256TagIdentity PQ_P256_TAG = new MlKem768P256TagIdentity(
      p256("05a34d985a8db3cd0ee58d618416288078f17522729d3c6e4fa32299f37f47ed"),
      HexFormat.of().parseHex("e491321ed0b0c1cd0f3952f7472dbbe700e321ffc58c9cf5bdc812d9d68b21af"
          + "74741ea56b6e66d19c956c400abf15786eec86f4762a52bf0ba4d53a88b38b97"));
  private static final PivP256Identity PIV = new PivP256Identity(P256_KEY);
  private static final ScryptIdentity SCRYPT = new ScryptIdentity("password".toCharArray());

  private static final List<Identity> OPENERS = List.of(X25519, PQ, P256_TAG, PQ_P256_TAG);
  private static final byte[] FILE_KEY = new byte[Primitives.FILE_KEY_SIZE];
  private static final String BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  // ---- Age.openAny ------------------------------------------------------------------------

  /**
   * A whole file opened and read to its end: only an {@link AgeException} escapes, and opening on
   * two threads releases the same plaintext and fails the same way as on one.
   */
  @FuzzTest
  void openAny_arbitraryBytes_onlyAgeException(byte[] input) {
    assertEquals(open(input, 1), open(input, 2), "opening on two threads differs from one");
  }

  /** What opening released (as a hash) and how it failed, if it did. */
  private record Outcome(String plaintextSha256, String failure) {}

  private static Outcome open(byte[] input, int threads) {
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    String failure = null;
    try (InputStream in = Age.openAny(new ByteArrayInputStream(input), OPENERS, threads)) {
      in.transferTo(plaintext);
    } catch (AgeException e) {
      failure = e instanceof AgeException.Payload p ? "Payload." + p.kind() : e.getClass().getSimpleName();
    } catch (IOException e) {
      // Nothing here does I/O: an IOException that is not an AgeException is a finding.
      throw new AssertionError("an IOException that is not an AgeException", e);
    }
    return new Outcome(HexFormat.of().formatHex(Primitives.sha256(plaintext.toByteArray())), failure);
  }

  // ---- Header.parse -----------------------------------------------------------------------

  /** Only {@link AgeException.Malformed}; a header that parses writes back byte for byte (it is canonical). */
  @FuzzTest
  void headerParse_arbitraryBytes_reencodesByteForByte(byte[] input) throws IOException {
    Header h;
    try {
      h = Header.parse(new BufferedInputStream(new ByteArrayInputStream(input)));
    } catch (AgeException.Malformed e) {
      return;
    }
    assertArrayEquals(h.macInput, Header.encodeWithoutMac(h.stanzas), "a non-canonical header was accepted");
  }

  // ---- Armor.Reader -----------------------------------------------------------------------

  /**
   * Only {@link AgeException.Armor}; armor that decodes is what {@link Armor.Writer} writes, up to
   * the whitespace around it and CRLF line ends.
   */
  @FuzzTest
  void armorReader_arbitraryBytes_onlyArmorException(byte[] input) throws IOException {
    byte[] decoded;
    try (InputStream in = new Armor.Reader(new ByteArrayInputStream(input))) {
      decoded = in.readAllBytes();
    } catch (AgeException.Armor e) {
      return;
    }
    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
    try (OutputStream w = new Armor.Writer(canonical)) {
      w.write(decoded);
    }
    assertEquals(normalise(canonical.toByteArray()), normalise(input), "non-canonical armor was accepted");
  }

  /** The text without the whitespace around it and with LF line ends. */
  private static String normalise(byte[] armor) {
    int start = 0;
    int end = armor.length;
    while (start < end && Armor.isWhitespace(armor[start])) start++;
    while (end > start && Armor.isWhitespace(armor[end - 1])) end--;
    return new String(armor, start, end - start, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
  }

  // ---- Recipients.parse -------------------------------------------------------------------

  /**
   * Only {@link IllegalArgumentException}; an accepted recipient string is canonical (its own
   * encoding, up to case and surrounding whitespace) and can be sealed to. Each input is also
   * tried with its Bech32 checksum recomputed, so that mutations reach the key checks.
   */
  @FuzzTest
  void recipientsParse_arbitraryText_onlyIllegalArgument(byte[] input) {
    String s = new String(input, StandardCharsets.UTF_8);
    checkRecipient(s);
    String fixed = withValidChecksum(s);
    if (fixed != null) checkRecipient(fixed);
  }

  private static void checkRecipient(String s) {
    Recipient r;
    try {
      r = Recipients.parse(s);
    } catch (IllegalArgumentException e) {
      return;
    }
    assertEquals(r.encoded(), asciiLowerCase(s.strip()), "a non-canonical recipient string was accepted");
    assertFalse(r.wrap(FILE_KEY).isEmpty(), "a parsed recipient wraps to no stanza");
  }

  // ---- Identities.parseFile ---------------------------------------------------------------

  /**
   * Only {@link IllegalArgumentException}, whose message never repeats a key; every identity
   * accepted is written back exactly as its line. Each input is also tried with every line's
   * Bech32 checksum recomputed.
   */
  @FuzzTest
  void identitiesParseFile_arbitraryText_onlyIllegalArgument(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    checkIdentityFile(text);
    List<String> fixed = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String f = line.startsWith("#") ? null : withValidChecksum(line);
      fixed.add(f == null ? line : f);
    }
    String fixedText = String.join("\n", fixed);
    if (!fixedText.equals(text)) checkIdentityFile(fixedText);
  }

  private static final Pattern BECH32_RUN = Pattern.compile("(?i)[" + BECH32_CHARSET + "]{12,}");

  private static void checkIdentityFile(String text) {
    List<Identity> ids;
    try {
      ids = Identities.parseFile(text);
    } catch (IllegalArgumentException e) {
      // A line may be a damaged secret key: no run of its Bech32 data reaches the message.
      String message = e.getMessage().toLowerCase(Locale.ROOT);
      Matcher m = BECH32_RUN.matcher(text);
      while (m.find()) {
        assertFalse(message.contains(m.group().toLowerCase(Locale.ROOT)), "an error message repeats key material");
      }
      return;
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (!l.isBlank() && !l.startsWith("#")) lines.add(l.strip());
    }
    List<String> encoded = ids.stream()
        .map(id -> id instanceof X25519Identity x ? x.insecureEncoding()
            : ((MlKem768X25519Identity) id).insecureEncoding())
        .toList();
    assertEquals(lines, encoded, "a non-canonical identity was accepted");
  }

  // ---- Identity.unwrap --------------------------------------------------------------------

  /** An identity, the stanza type it opens, and (for tagged types) how to compute a matching tag from enc. */
  private record Unwrapper(Identity identity, String type, UnaryOperator<byte[]> tagOf) {}

  private static final List<Unwrapper> UNWRAPPERS = List.of(
      new Unwrapper(X25519, X25519Recipient.TYPE, null),
      new Unwrapper(PQ, MlKem768X25519Recipient.TYPE, null),
      new Unwrapper(P256_TAG, P256TagRecipient.TYPE,
          enc -> Tagged.tag(P256TagRecipient.LABEL, enc, P256_TAG.recipient().publicKey())),
      new Unwrapper(PQ_P256_TAG, MlKem768P256TagRecipient.TYPE,
          enc -> Tagged.tag(MlKem768P256TagRecipient.LABEL, enc, PQ_P256_TAG.recipient().p256())),
      new Unwrapper(PIV, PivP256Recipient.TYPE, enc -> PivP256Recipient.tag(PIV.recipient().publicKey())),
      new Unwrapper(SCRYPT, ScryptIdentity.TYPE, null));

  /** The lengths the stanzas' arguments decode to: tags, salts, shares, points, encs. */
  private static final int[] ARG_SIZES =
      {4, 16, 32, 33, 65, MlKem768X25519Recipient.ENC_SIZE, MlKem768P256TagRecipient.ENC_SIZE};

  /** Above this scrypt work factor a stanza is skipped: each step doubles the work, and 2^22 needs 4 GiB. */
  private static final int FUZZ_MAX_LOG_N = 12;

  /**
   * Each identity on a stanza built from fuzzed type, arguments and body: only {@link
   * AgeException}, and a stanza of another type is always "not mine". The harness can supply what
   * the fuzzer cannot guess (valid P-256 points, a matching tag), so that the ECDH and HPKE run.
   */
  @FuzzTest
  void identityUnwrap_fuzzedStanza_onlyAgeException(FuzzedDataProvider data) {
    Unwrapper u = data.pickValue(UNWRAPPERS);
    String type = data.consumeBoolean() ? u.type() : data.consumeAsciiString(24);
    List<String> args = new ArrayList<>();
    for (int n = data.consumeInt(0, 3); args.size() < n; ) args.add(argument(data));
    if (u.tagOf() != null && args.size() == 2 && data.consumeBoolean()) {
      byte[] enc = decodeOrNull(args.get(1));
      if (enc != null) args.set(0, B64.encode(u.tagOf().apply(enc)));
    }
    if (type.equals(ScryptIdentity.TYPE) && args.size() == 2 && args.get(1).matches("[1-9][0-9]{0,2}")
        && Integer.parseInt(args.get(1)) > FUZZ_MAX_LOG_N) {
      return;
    }
    byte[] body = data.consumeBoolean() ? Arrays.copyOf(data.consumeBytes(32), 32) : data.consumeRemainingAsBytes();
    try {
      u.identity().unwrap(new Stanza(type, args, body));
    } catch (AgeException e) {
      if (!type.equals(u.type())) {
        assertInstanceOf(AgeException.NotMine.class, e, "a stanza of another type must be 'not mine'");
      }
    }
  }

  private static String argument(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 4)) {
      case 0 -> data.consumeAsciiString(80);
      case 1 -> {
        int size = data.pickValue(ARG_SIZES);
        yield B64.encode(Arrays.copyOf(data.consumeBytes(size), size));
      }
      case 2 -> B64.encode(point(data, data.consumeBoolean()));
      case 3 -> { // mlkem768p256tag's enc: an ML-KEM ciphertext, then a P-256 point
        byte[] ct = Arrays.copyOf(data.consumeBytes(MlKem.CT_SIZE), MlKem.CT_SIZE);
        yield B64.encode(Primitives.concat(ct, point(data, false)));
      }
      default -> Integer.toString(data.consumeInt(0, 25)); // a work factor
    };
  }

  /** A valid P-256 point from a fuzzed scalar. */
  private static byte[] point(FuzzedDataProvider data, boolean compressed) {
    BigInteger d = new BigInteger(1, data.consumeBytes(P256.SCALAR_SIZE)).mod(P256.BC.getN());
    if (d.signum() == 0) d = BigInteger.ONE;
    return P256.BC.getG().multiply(d).normalize().getEncoded(compressed);
  }

  private static byte[] decodeOrNull(String s) {
    try {
      return B64.decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /**
   * The string (stripped) with its Bech32 checksum recomputed, so that a mutated key still passes
   * the checksum and reaches the checks behind it; null when it has no Bech32 shape.
   */
  static String withValidChecksum(String s) {
    String t = s.strip();
    int sep = t.lastIndexOf('1');
    if (sep < 1 || t.length() - sep - 1 < 6) return null;
    String hrp = t.substring(0, sep);
    if (!hrp.chars().allMatch(c -> c >= 33 && c <= 126)) return null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int acc = 0;
    int bits = 0;
    for (char c : t.substring(sep + 1, t.length() - 6).toCharArray()) {
      int v = BECH32_CHARSET.indexOf(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      if (v < 0) return null;
      acc = (acc << 5 | v) & 0xfff;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        bytes.write(acc >>> bits & 0xff);
      }
    }
    String fixed = Bech32.encode(hrp, bytes.toByteArray());
    return asciiLowerCase(t).equals(t) ? fixed : fixed.toUpperCase(Locale.ROOT);
  }

  private static String asciiLowerCase(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return sb.toString();
  }

  private static SoftwareP256 p256(String scalarHex) {
    return SoftwareP256.fromScalar(HexFormat.of().parseHex(scalarHex));
  }
}
