package org.amana.crypto.tlog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Inclusion and consistency proofs of RFC 9162 §2.1.3 and §2.1.4: generated from a lookup of leaf
 * hashes by index, and verified exactly by the algorithms of §2.1.3.2 and §2.1.4.2.
 *
 * <p>Generation recomputes the subtree hashes it needs, so it reads up to {@code size} leaf hashes:
 * fine for a log of a few million entries held as 32-byte hashes; a bigger log would store
 * interior nodes.
 */
public final class Proofs {
  private Proofs() {}

  /** PATH(index, D[size]) of RFC 9162 §2.1.3.1. */
  public static List<byte[]> inclusion(long index, long size, LongFunction<byte[]> leafHashAt) {
    if (index < 0 || index >= size) throw new IllegalArgumentException("index must be in [0, size)");
    List<byte[]> proof = new ArrayList<>();
    path(index, 0, size, leafHashAt, proof);
    return proof;
  }

  /** PROOF(first, D[second]) of RFC 9162 §2.1.4.1; empty when first is 0 or equals second. */
  public static List<byte[]> consistency(long first, long second, LongFunction<byte[]> leafHashAt) {
    if (first < 0 || first > second) throw new IllegalArgumentException("need 0 <= first <= second");
    List<byte[]> proof = new ArrayList<>();
    if (first > 0 && first < second) subproof(first, 0, second, true, leafHashAt, proof);
    return proof;
  }

  /** MTH(D[start:end]). */
  public static byte[] subtreeRoot(long start, long end, LongFunction<byte[]> leafHashAt) {
    if (end == start) return LogHash.emptyRoot();
    if (end - start == 1) return leafHashAt.apply(start).clone();
    long k = largestPowerOfTwoBelow(end - start);
    return LogHash.node(subtreeRoot(start, start + k, leafHashAt), subtreeRoot(start + k, end, leafHashAt));
  }

  private static void path(long m, long start, long end, LongFunction<byte[]> at, List<byte[]> out) {
    long n = end - start;
    if (n <= 1) return;
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, start, start + k, at, out);
      out.add(subtreeRoot(start + k, end, at));
    } else {
      path(m - k, start + k, end, at, out);
      out.add(subtreeRoot(start, start + k, at));
    }
  }

  private static void subproof(long m, long start, long end, boolean complete, LongFunction<byte[]> at, List<byte[]> out) {
    long n = end - start;
    if (m == n) {
      if (!complete) out.add(subtreeRoot(start, end, at));
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, start + k, complete, at, out);
      out.add(subtreeRoot(start + k, end, at));
    } else {
      subproof(m - k, start + k, end, false, at, out);
      out.add(subtreeRoot(start, start + k, at));
    }
  }

  /** RFC 9162 §2.1.3.2. False on any mismatch or malformed input; never throws on hostile proofs. */
  public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= size || leafHash == null || leafHash.length != LogHash.SIZE || !wellFormed(proof)) return false;
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) return false;
      if ((fn & 1) == 1 || fn == sn) {
        r = LogHash.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = LogHash.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && LogHash.equal(r, root);
  }

  /**
   * RFC 9162 §2.1.4.2, plus the two trivial cases it leaves out: equal sizes (an empty proof and
   * equal roots) and a first size of 0 (an empty proof: the empty tree is a prefix of every tree).
   */
  public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
    if (first < 0 || first > second || !wellFormed(proof) || firstRoot == null || secondRoot == null) return false;
    if (first == second) return proof.isEmpty() && LogHash.equal(firstRoot, secondRoot);
    if (first == 0) return proof.isEmpty();
    if (proof.isEmpty()) return false;
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(first) == 1) path.addFirst(firstRoot);
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.getFirst();
    byte[] sr = path.getFirst();
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) return false;
      if ((fn & 1) == 1 || fn == sn) {
        fr = LogHash.node(c, fr);
        sr = LogHash.node(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = LogHash.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && LogHash.equal(fr, firstRoot) && LogHash.equal(sr, secondRoot);
  }

  private static boolean wellFormed(List<byte[]> proof) {
    if (proof == null || proof.size() > 128) return false; // 2 × 64 levels: more is never a valid proof
    for (byte[] p : proof) if (p == null || p.length != LogHash.SIZE) return false;
    return true;
  }

  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
