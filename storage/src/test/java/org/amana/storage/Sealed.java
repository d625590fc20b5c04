package org.amana.storage;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Stand-ins for sealed bytes (the store cannot tell them from real ones) and their hashes. */
final class Sealed {

    private Sealed() {}

    static Buffer bytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return Buffer.buffer(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] sha256(Buffer buffer) {
        return sha256().digest(buffer.getBytes());
    }
}
