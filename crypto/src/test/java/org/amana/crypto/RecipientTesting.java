package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.InflaterInputStream;

/** Helpers shared by the recipient tests: sealing in memory, stanza surgery, a counting key. */
final class RecipientTesting {
  static final byte[] FILE_KEY = "YELLOW SUBMARINE".getBytes(StandardCharsets.US_ASCII);

  private RecipientTesting() {}

  static byte[] seal(byte[] plaintext, Recipient... recipients) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream sealed = Age.seal(out, List.of(recipients))) {
      sealed.write(plaintext);
    }
    return out.toByteArray();
  }

  static byte[] open(byte[] file, Identity... identities) throws IOException {
    try (InputStream in = Age.open(new ByteArrayInputStream(file), List.of(identities))) {
      return in.readAllBytes();
    }
  }

  static Stanza wrapOne(Recipient r) {
    List<Stanza> s = r.wrap(FILE_KEY);
    if (s.size() != 1) throw new AssertionError("expected one stanza, got " + s.size());
    return s.getFirst();
  }

  static Stanza withArgs(Stanza s, String... args) {
    return new Stanza(s.type(), List.of(args), s.body());
  }

  static Stanza withArg(Stanza s, int index, String arg) {
    List<String> args = new ArrayList<>(s.args());
    args.set(index, arg);
    return new Stanza(s.type(), args, s.body());
  }

  static Stanza withBody(Stanza s, byte[] body) {
    return new Stanza(s.type(), s.args(), body);
  }

  static Stanza withType(Stanza s, String type) {
    return new Stanza(type, s.args(), s.body());
  }

  /** The same bytes with one unused low bit of the last character set: not canonical. */
  static String nonCanonical(String b64) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int v = alphabet.indexOf(b64.charAt(b64.length() - 1));
    return b64.substring(0, b64.length() - 1) + alphabet.charAt(v ^ 1);
  }

  static byte[] flipLastByte(byte[] b) {
    byte[] out = b.clone();
    out[out.length - 1] ^= 1;
    return out;
  }

  /** A key that counts its ECDH operations, to prove that some paths never reach the token. */
  static final class CountingP256 implements P256KeyAgreement {
    final P256KeyAgreement inner;
    final AtomicInteger agreements = new AtomicInteger();

    CountingP256(P256KeyAgreement inner) {
      this.inner = inner;
    }

    @Override
    public byte[] publicKey() {
      return inner.publicKey();
    }

    @Override
    public byte[] agree(ECPublicKey peer) throws TokenException {
      agreements.incrementAndGet();
      return inner.agree(peer);
    }
  }

  /** A testkit-style file: "key: value" lines, an empty line, the (maybe zlib'd) age file. */
  record TestFile(Map<String, List<String>> keys, byte[] body) {
    String get(String key) {
      List<String> v = keys.get(key);
      assertNotNull(v, "missing key " + key);
      return v.getFirst();
    }

    static TestFile parse(byte[] all) throws IOException {
      int split = -1;
      for (int i = 0; i + 1 < all.length; i++) {
        if (all[i] == '\n' && all[i + 1] == '\n') {
          split = i;
          break;
        }
      }
      if (split < 0) throw new IOException("no empty line");
      Map<String, List<String>> keys = new LinkedHashMap<>();
      for (String line : new String(all, 0, split, StandardCharsets.UTF_8).split("\n")) {
        int c = line.indexOf(": ");
        keys.computeIfAbsent(line.substring(0, c), k -> new ArrayList<>()).add(line.substring(c + 2));
      }
      byte[] body = Arrays.copyOfRange(all, split + 2, all.length);
      if (keys.containsKey("compressed")) {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      return new TestFile(keys, body);
    }

    static TestFile resource(String name) throws IOException {
      try (InputStream in = RecipientTesting.class.getResourceAsStream("interop/" + name)) {
        assertNotNull(in, "missing test resource interop/" + name);
        return parse(in.readAllBytes());
      }
    }
  }
}
