package org.amana.crypto.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree hashing of RFC 9162 §2.1.1 (the same as RFC 6962 §2.1), with SHA-256. A leaf
 * hash is {@code SHA-256(0x00 || data)} and a node hash {@code SHA-256(0x01 || left || right)}:
 * the two prefixes keep a leaf from ever being taken for a node (second-preimage resistance).
 */
public final class LogHash {
  /** Size of every hash here. */
  public static final int SIZE = 32;
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private LogHash() {}

  /** MTH({}) = SHA-256(""): the root of the empty tree. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  public static byte[] leaf(byte[] data) {
    MessageDigest md = sha256();
    md.update(LEAF_PREFIX);
    return md.digest(data);
  }

  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update(NODE_PREFIX);
    md.update(left);
    return md.digest(right);
  }

  /** MTH of a whole list of leaf hashes. */
  public static byte[] root(List<byte[]> leafHashes) {
    Accumulator a = new Accumulator();
    leafHashes.forEach(a::add);
    return a.root();
  }

  /**
   * Builds the root as leaf hashes arrive, keeping only O(log n) hashes: the roots of the perfect
   * subtrees the size decomposes into (a "compact range" from 0). So a sweep never holds the tree.
   */
  public static final class Accumulator {
    private final List<byte[]> stack = new ArrayList<>(); // perfect subtree roots, largest first
    private long size;

    public void add(byte[] leafHash) {
      if (leafHash.length != SIZE) throw new IllegalArgumentException("a leaf hash is 32 bytes");
      byte[] h = leafHash.clone();
      // Each trailing 1 bit of the old size is a complete subtree of the new leaf's size: merge it.
      for (long s = size; (s & 1) == 1; s >>>= 1) h = node(stack.removeLast(), h);
      stack.add(h);
      size++;
    }

    public long size() {
      return size;
    }

    /** MTH of the leaves added so far: the subtrees folded right to left (RFC 9162 splits at the largest power of 2). */
    public byte[] root() {
      if (stack.isEmpty()) return emptyRoot();
      byte[] r = stack.getLast();
      for (int i = stack.size() - 2; i >= 0; i--) r = node(stack.get(i), r);
      return r;
    }
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256Digest() {
    return sha256();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean equal(byte[] a, byte[] b) {
    return a != null && b != null && MessageDigest.isEqual(a, b) && a.length == b.length;
  }

  static byte[][] copy(List<byte[]> hashes) {
    byte[][] out = new byte[hashes.size()][];
    for (int i = 0; i < out.length; i++) out[i] = Arrays.copyOf(hashes.get(i), hashes.get(i).length);
    return out;
  }
}
