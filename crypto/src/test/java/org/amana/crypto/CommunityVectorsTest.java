package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every community age test vector (C2SP CCTV, in {@code ../shared/vectors/age}, described
 * in its FORMAT.md) and maps each expected failure class to one exception type. Payload failures
 * also check the hash of the plaintext released before the error, as the reference runner does.
 */
class CommunityVectorsTest {
  private static final int EXPECTED_VECTORS = 143;

  static Path vectorDir() {
    return Path.of(System.getProperty("amana.shared", "../../shared"), "vectors", "age");
  }

  static List<Path> vectors() throws IOException {
    Path dir = vectorDir();
    if (!Files.isDirectory(dir)) {
      if ("true".equals(System.getenv("CI"))) fail("the age test vectors are missing from " + dir + " (CI must have them)");
      Assumptions.abort("SKIPPED: age test vectors not found at " + dir + "; conformance not checked");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
    }
  }

  @Test
  void vectors_allPresent_143() throws IOException {
    assertEquals(EXPECTED_VECTORS, vectors().size());
  }

  @TestFactory
  Stream<DynamicTest> vectors_eachFile_matchesExpectation() throws IOException {
    return vectors().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p, 1)));
  }

  /** The parallel reader must fail and release exactly as the sequential one does. */
  @TestFactory
  Stream<DynamicTest> vectors_eachFileOpenedOnThreeThreads_matchesExpectation() throws IOException {
    return vectors().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p, 3)));
  }

  @TestFactory
  Stream<DynamicTest> headers_eachParsableVector_reserialiseByteForByte() throws IOException {
    return vectors().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Vector v = Vector.read(p);
      if (v.expect.equals("header failure") || v.expect.equals("armor failure")) return;
      InputStream in = v.armored ? new Armor.Reader(new ByteArrayInputStream(v.body)) : new ByteArrayInputStream(v.body);
      Header h = Header.parse(new java.io.BufferedInputStream(in));
      assertArrayEquals(h.macInput, Header.encodeWithoutMac(h.stanzas));
    }));
  }

  private static void run(Path file, int threads) throws Exception {
    Vector v = Vector.read(file);
    List<Identity> identities = new ArrayList<>();
    for (String id : v.identities) identities.addAll(Identities.parseFile(id));
    for (String pass : v.passphrases) identities.add(new ScryptIdentity(pass.toCharArray()));

    MessageDigest released = MessageDigest.getInstance("SHA-256");
    Exception failure = null;
    boolean inPayload = false;
    try {
      InputStream in = new ByteArrayInputStream(v.body);
      try (InputStream plain = Age.open(v.armored ? new Armor.Reader(in) : in, identities, threads)) {
        inPayload = true;
        byte[] buf = new byte[8192];
        for (int n; (n = plain.read(buf)) >= 0; ) released.update(buf, 0, n);
      }
    } catch (AgeException e) {
      failure = e;
    }
    String hash = HexFormat.of().formatHex(released.digest());
    switch (v.expect) {
      case "success" -> {
        if (failure != null) fail("expected success, got " + failure);
        assertEquals(v.payload, hash, "plaintext hash");
      }
      case "payload failure" -> {
        assertTrue(failure instanceof AgeException.Payload && inPayload, "expected a payload failure, got " + failure);
        assertEquals(v.payload, hash, "hash of the plaintext released before the failure");
      }
      case "header failure" -> assertTrue(failure instanceof AgeException.Malformed, "expected header failure, got " + failure);
      case "no match" -> assertTrue(failure instanceof AgeException.NoMatch, "expected no match, got " + failure);
      case "HMAC failure" -> assertTrue(failure instanceof AgeException.BadMac, "expected HMAC failure, got " + failure);
      case "armor failure" -> assertTrue(failure instanceof AgeException.Armor, "expected armor failure, got " + failure);
      default -> fail("unknown expectation " + v.expect);
    }
  }

  /** One vector file: a "key: value" test header, an empty line, then the (maybe zlib'd) age file. */
  record Vector(String expect, String payload, List<String> identities, List<String> passphrases, boolean armored, byte[] body) {
    static Vector read(Path p) throws IOException {
      byte[] all = Files.readAllBytes(p);
      int split = indexOf(all, "\n\n".getBytes(StandardCharsets.US_ASCII));
      Map<String, List<String>> keys = new LinkedHashMap<>();
      for (String line : new String(all, 0, split, StandardCharsets.UTF_8).split("\n")) {
        int c = line.indexOf(": ");
        keys.computeIfAbsent(line.substring(0, c), k -> new ArrayList<>()).add(line.substring(c + 2));
      }
      for (String k : keys.keySet()) {
        if (!List.of("expect", "payload", "file key", "identity", "passphrase", "armored", "compressed", "comment").contains(k)) {
          fail("unknown vector header key " + k + " in " + p.getFileName());
        }
      }
      byte[] body = java.util.Arrays.copyOfRange(all, split + 2, all.length);
      if (keys.containsKey("compressed")) {
        assertEquals("zlib", keys.get("compressed").getFirst());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
          in.transferTo(out);
        }
        body = out.toByteArray();
      }
      return new Vector(keys.get("expect").getFirst(),
          keys.getOrDefault("payload", List.of("")).getFirst(),
          keys.getOrDefault("identity", List.of()),
          keys.getOrDefault("passphrase", List.of()),
          keys.containsKey("armored"), body);
    }

    private static int indexOf(byte[] a, byte[] needle) {
      outer:
      for (int i = 0; i <= a.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) if (a[i + j] != needle[j]) continue outer;
        return i;
      }
      throw new IllegalArgumentException("no empty line");
    }
  }
}
