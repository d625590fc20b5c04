package org.amana.storage;

import java.util.HexFormat;

/** Checks and copies for the byte arrays of the API (hashes, keys), so that no record shares a caller's array. */
final class Bytes {

    static final int SHA256_LENGTH = 32;

    private Bytes() {}

    static byte[] sha256(byte[] hash, String what) {
        if (hash == null || hash.length != SHA256_LENGTH) {
            throw new IllegalArgumentException(what + " must be a 32-byte SHA-256");
        }
        return hash.clone();
    }

    static byte[] nonEmpty(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return bytes.clone();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
