package org.amana.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Seals and opens age v1 files as streams: the one entry point of this module.
 *
 * <p>Security guarantees: {@link #seal} wraps a fresh 16-byte file key to every recipient and
 * authenticates the header with an HMAC; the payload is ChaCha20-Poly1305 in 64 KiB chunks whose
 * order and end are authenticated. {@link #open} releases a chunk's plaintext only after the
 * chunk authenticates, and every failure is a distinct {@link AgeException}. Memory is bounded
 * and independent of the file's size.
 */
public final class Age {
  private static final int NONCE_SIZE = 16;
  private static final String PAYLOAD_LABEL = "payload";

  private Age() {}

  /**
   * Returns a stream that seals what is written to it into {@code out}; closing it writes the
   * last chunk and closes {@code out}.
   */
  public static OutputStream seal(OutputStream out, Collection<? extends Recipient> recipients) throws IOException {
    return seal(out, recipients, false);
  }

  /** As {@link #seal(OutputStream, Collection)}, optionally in ASCII armor. */
  public static OutputStream seal(OutputStream out, Collection<? extends Recipient> recipients, boolean armor)
      throws IOException {
    return seal(out, recipients, armor, 1);
  }

  /**
   * As {@link #seal(OutputStream, Collection, boolean)}, sealing the chunks of each batch on
   * {@code threads} threads (for large files on a workstation; a server seals on one thread per
   * upload, with the least memory). The output is the same format either way.
   */
  public static OutputStream seal(OutputStream out, Collection<? extends Recipient> recipients, boolean armor, int threads)
      throws IOException {
    if (recipients.isEmpty()) throw new IllegalArgumentException("at least one recipient is needed");
    long pq = recipients.stream().filter(Recipient::postQuantum).count();
    if (pq != 0 && pq != recipients.size()) {
      throw new IllegalArgumentException(
          "post-quantum and classic recipients cannot be mixed in one file: the classic one would be the weak link");
    }
    byte[] fileKey = Primitives.random(Primitives.FILE_KEY_SIZE);
    try {
      List<Stanza> stanzas = new ArrayList<>();
      for (Recipient r : recipients) stanzas.addAll(r.wrap(fileKey));
      OutputStream sink = armor ? new Armor.Writer(out) : out;
      byte[] header = Header.encodeWithoutMac(stanzas);
      sink.write(header);
      sink.write(' ');
      sink.write(Primitives.ascii(B64.encode(Header.computeMac(fileKey, header))));
      sink.write('\n');
      byte[] nonce = Primitives.random(NONCE_SIZE);
      sink.write(nonce);
      return new PayloadWriter(sink, payloadKey(fileKey, nonce), threads);
    } finally {
      Primitives.zero(fileKey);
    }
  }

  /**
   * Opens a binary age file. The header is read and authenticated before this returns; the
   * payload is authenticated chunk by chunk as the returned stream is read.
   *
   * @throws AgeException.Malformed the header is malformed
   * @throws AgeException.NoMatch no identity opens any stanza
   * @throws AgeException.BadMac the header was altered
   */
  public static InputStream open(InputStream in, Collection<? extends Identity> identities) throws IOException {
    return open(in, identities, 1);
  }

  /** As {@link #open(InputStream, Collection)}, opening the chunks of each batch on {@code threads} threads. */
  public static InputStream open(InputStream in, Collection<? extends Identity> identities, int threads) throws IOException {
    InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    Header header = Header.parse(buffered);
    byte[] nonce = buffered.readNBytes(NONCE_SIZE);
    if (nonce.length != NONCE_SIZE) throw new AgeException.Malformed("the file ends before its payload nonce");
    byte[] fileKey = unwrap(header, identities);
    try {
      if (!header.macMatches(fileKey)) throw new AgeException.BadMac();
      return new PayloadReader(buffered, payloadKey(fileKey, nonce), threads);
    } finally {
      Primitives.zero(fileKey);
    }
  }

  /** Opens an armored age file. */
  public static InputStream openArmored(InputStream in, Collection<? extends Identity> identities) throws IOException {
    return open(new Armor.Reader(in), identities);
  }

  /** Opens an age file, armored or binary, telling them apart by their first bytes. */
  public static InputStream openAny(InputStream in, Collection<? extends Identity> identities) throws IOException {
    return openAny(in, identities, 1);
  }

  /** As {@link #openAny(InputStream, Collection)}, opening the chunks of each batch on {@code threads} threads. */
  public static InputStream openAny(InputStream in, Collection<? extends Identity> identities, int threads) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2048);
    byte[] start = buffered.readNBytes(2048);
    buffered.reset();
    int i = 0;
    while (i < start.length && Armor.isWhitespace(start[i])) i++;
    String head = new String(start, i, Math.min(Armor.BEGIN.length(), start.length - i), java.nio.charset.StandardCharsets.US_ASCII);
    return open(head.startsWith("-----BEGIN") ? new Armor.Reader(buffered) : buffered, identities, threads);
  }

  /** The stanzas of a file's header, without opening it (to show who a file is sealed to). */
  public static List<Stanza> stanzas(InputStream in) throws IOException {
    return Header.parse(in instanceof BufferedInputStream ? in : new BufferedInputStream(in)).stanzas;
  }

  private static byte[] unwrap(Header header, Collection<? extends Identity> identities) throws AgeException {
    boolean scrypt = header.stanzas.stream().anyMatch(s -> s.type().equals(ScryptIdentity.TYPE));
    if (scrypt && header.stanzas.size() != 1) {
      throw new AgeException.Malformed("a passphrase-sealed file must have no other recipient");
    }
    for (Identity id : identities) {
      for (Stanza s : header.stanzas) {
        try {
          byte[] fileKey = id.unwrap(s);
          if (fileKey.length != Primitives.FILE_KEY_SIZE) {
            Primitives.zero(fileKey);
            throw new AgeException.Malformed("a stanza wraps a file key that is not 16 bytes");
          }
          return fileKey;
        } catch (AgeException.NotMine e) {
          // the only recoverable failure: try the next stanza
        }
      }
    }
    throw new AgeException.NoMatch("none of the given identities can open this file: it is sealed to someone else");
  }

  private static byte[] payloadKey(byte[] fileKey, byte[] nonce) {
    return Primitives.hkdf(fileKey, nonce, PAYLOAD_LABEL);
  }
}
