package org.amana.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 §2.1 hashing and proofs, against the reference vectors of transparency-dev/merkle
 * (rfc6962/rfc6962_test.go and proof/verify_test.go): eight leaves, the root of every prefix, and
 * known inclusion and consistency proofs.
 */
class ProofsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
      "606162636465666768696a6b6c6d6e6f"};
  private static final String[] ROOTS = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

  private static List<byte[]> leafHashes() {
    List<byte[]> out = new ArrayList<>();
    for (String l : LEAVES) out.add(LogHash.leaf(HEX.parseHex(l)));
    return out;
  }

  private static List<byte[]> hashes(String... hex) {
    return java.util.Arrays.stream(hex).map(HEX::parseHex).toList();
  }

  @Test
  void hashes_rfc6962Vectors_match() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(LogHash.emptyRoot()));
    assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", HEX.formatHex(LogHash.leaf(new byte[0])));
    assertEquals("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56",
        HEX.formatHex(LogHash.leaf("L123456".getBytes(StandardCharsets.US_ASCII))));
    assertEquals("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb",
        HEX.formatHex(LogHash.node("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void root_everyPrefix_matchesVectors() {
    List<byte[]> leaves = leafHashes();
    LogHash.Accumulator acc = new LogHash.Accumulator();
    for (int n = 1; n <= 8; n++) {
      acc.add(leaves.get(n - 1));
      assertEquals(ROOTS[n - 1], HEX.formatHex(LogHash.root(leaves.subList(0, n))), "root of " + n);
      assertEquals(ROOTS[n - 1], HEX.formatHex(acc.root()), "accumulated root of " + n);
      assertEquals(ROOTS[n - 1], HEX.formatHex(Proofs.subtreeRoot(0, n, i -> leaves.get((int) i))));
    }
  }

  @Test
  void inclusion_vectors_generatedAndVerified() {
    check(0, 8, hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
    check(5, 8, hashes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    check(2, 3, hashes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"));
    check(1, 5, hashes("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    check(0, 1, List.of());
  }

  private static void check(long index, long size, List<byte[]> expected) {
    List<byte[]> leaves = leafHashes();
    List<byte[]> proof = Proofs.inclusion(index, size, i -> leaves.get((int) i));
    assertEquals(expected.size(), proof.size());
    for (int i = 0; i < proof.size(); i++) assertArrayEquals(expected.get(i), proof.get(i));
    byte[] root = HEX.parseHex(ROOTS[(int) size - 1]);
    byte[] leaf = leaves.get((int) index);
    assertTrue(Proofs.verifyInclusion(index, size, leaf, proof, root));
    // The corruptions of the reference test: a wrong index, size, leaf or root, a proof too long or short.
    assertFalse(Proofs.verifyInclusion(index + 1, size, leaf, proof, root));
    assertFalse(Proofs.verifyInclusion(index, size * 2, leaf, proof, root));
    assertFalse(Proofs.verifyInclusion(index, size, LogHash.leaf(new byte[] {9}), proof, root));
    assertFalse(Proofs.verifyInclusion(index, size, leaf, proof, LogHash.emptyRoot()));
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(root);
    assertFalse(Proofs.verifyInclusion(index, size, leaf, longer, root));
    if (!proof.isEmpty()) {
      assertFalse(Proofs.verifyInclusion(index, size, leaf, proof.subList(0, proof.size() - 1), root));
      for (int i = 0; i < proof.size(); i++) {
        List<byte[]> flipped = new ArrayList<>(proof);
        byte[] p = flipped.get(i).clone();
        p[0] ^= 8;
        flipped.set(i, p);
        assertFalse(Proofs.verifyInclusion(index, size, leaf, flipped, root), "flipped proof[" + i + "]");
      }
    }
  }

  @Test
  void consistency_vectors_generatedAndVerified() {
    consistent(1, 8, hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
    consistent(6, 8, hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    consistent(2, 5, hashes("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    consistent(6, 7, hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    consistent(1, 1, List.of());
  }

  private static void consistent(long m, long n, List<byte[]> expected) {
    List<byte[]> leaves = leafHashes();
    List<byte[]> proof = Proofs.consistency(m, n, i -> leaves.get((int) i));
    assertEquals(expected.size(), proof.size());
    for (int i = 0; i < proof.size(); i++) assertArrayEquals(expected.get(i), proof.get(i));
    byte[] r1 = HEX.parseHex(ROOTS[(int) m - 1]);
    byte[] r2 = HEX.parseHex(ROOTS[(int) n - 1]);
    assertTrue(Proofs.verifyConsistency(m, n, r1, r2, proof));
    if (m == n) return;
    assertFalse(Proofs.verifyConsistency(m, n, r2, r1, proof), "swapped roots");
    assertFalse(Proofs.verifyConsistency(m + 1, n, r1, r2, proof));
    assertFalse(Proofs.verifyConsistency(m, n * 2, r1, r2, proof));
    assertFalse(Proofs.verifyConsistency(m, n, r1, r2, List.of()));
    assertFalse(Proofs.verifyConsistency(m, n, r1, r2, proof.subList(0, proof.size() - 1)));
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> flipped = new ArrayList<>(proof);
      byte[] p = flipped.get(i).clone();
      p[0] ^= 16;
      flipped.set(i, p);
      assertFalse(Proofs.verifyConsistency(m, n, r1, r2, flipped), "flipped proof[" + i + "]");
    }
  }

  @Test
  void proofs_everyPairUpTo40Leaves_roundTrip() {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 40; i++) leaves.add(LogHash.leaf(new byte[] {(byte) i}));
    for (int n = 1; n <= 40; n++) {
      byte[] rootN = LogHash.root(leaves.subList(0, n));
      for (int m = 0; m < n; m++) {
        assertTrue(Proofs.verifyInclusion(m, n, leaves.get(m), Proofs.inclusion(m, n, i -> leaves.get((int) i)), rootN), m + " in " + n);
        byte[] rootM = LogHash.root(leaves.subList(0, m));
        assertTrue(Proofs.verifyConsistency(m, n, rootM, rootN, Proofs.consistency(m, n, i -> leaves.get((int) i))), m + " to " + n);
      }
    }
  }
}
