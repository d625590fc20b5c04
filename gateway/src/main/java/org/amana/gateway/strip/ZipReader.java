package org.amana.gateway.strip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the members of a ZIP container (OOXML, ODF) from a {@link Source} by its central directory,
 * seeking instead of buffering. Hand-written so that every count and size is checked against the
 * limits before anything is allocated or inflated: the entry count from the end record, each
 * member's declared size and ratio, and then the bytes actually inflated (a member that inflates
 * past its declared size is refused, so a lying header cannot get round the ratio). Encrypted
 * members and methods other than STORED and DEFLATED are refused as unsupported.
 */
final class ZipReader {
  /** Below this a member's ratio is not checked: tiny XML parts compress far better than 200:1. */
  private static final long RATIO_FLOOR = 1 << 20;
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;

  /** One member as the central directory declares it. */
  record Entry(String name, int method, long crc, long compressedSize, long size, long localOffset) {}

  private final Source source;
  private final StripLimits limits;
  private final List<Entry> entries;
  private long inflatedTotal;

  private ZipReader(Source source, StripLimits limits, List<Entry> entries) {
    this.source = source;
    this.limits = limits;
    this.entries = entries;
  }

  List<Entry> entries() {
    return entries;
  }

  Entry find(String name) {
    for (Entry e : entries) {
      if (e.name().equals(name)) return e;
    }
    return null;
  }

  static ZipReader open(Source source, StripLimits limits) throws IOException {
    long size = source.size();
    if (size < 22) throw StripException.malformed("too short for a ZIP");
    try (SeekableByteChannel ch = source.channel()) {
      int tailLength = (int) Math.min(size, 22 + 0xffff);
      ByteBuffer tail = read(ch, size - tailLength, tailLength);
      int at = -1;
      for (int i = tailLength - 22; i >= 0; i--) {
        if (tail.getInt(i) == EOCD) {
          at = i;
          break;
        }
      }
      if (at < 0) throw StripException.malformed("no ZIP end record");
      long count = tail.getShort(at + 10) & 0xffff;
      long cdSize = tail.getInt(at + 12) & 0xffffffffL;
      long cdOffset = tail.getInt(at + 16) & 0xffffffffL;
      long eocdPos = size - tailLength + at;
      if ((count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) && eocdPos >= 20) {
        ByteBuffer loc = read(ch, eocdPos - 20, 20);
        if (loc.getInt(0) == ZIP64_LOCATOR) {
          long z64 = loc.getLong(8);
          if (z64 < 0 || z64 > size - 56) throw StripException.malformed("bad ZIP64 end record offset");
          ByteBuffer rec = read(ch, z64, 56);
          if (rec.getInt(0) != ZIP64_EOCD) throw StripException.malformed("no ZIP64 end record");
          count = rec.getLong(32);
          cdSize = rec.getLong(40);
          cdOffset = rec.getLong(48);
        }
      }
      if (count < 0 || count > limits.maxEntries()) throw StripException.tooComplex("ZIP declares " + count + " entries");
      if (cdOffset < 0 || cdSize < 0 || cdOffset > size || cdSize > size - cdOffset) {
        throw StripException.malformed("central directory outside the file");
      }
      if (cdSize > limits.maxBlockBytes()) throw StripException.tooComplex("central directory too large");
      ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
      return new ZipReader(source, limits, parseCentral(cd, (int) count, size, limits));
    }
  }

  private static List<Entry> parseCentral(ByteBuffer cd, int count, long fileSize, StripLimits limits) {
    List<Entry> out = new ArrayList<>(count);
    Set<String> names = new HashSet<>();
    int p = 0;
    for (int i = 0; i < count; i++) {
      if (cd.limit() - p < 46 || cd.getInt(p) != CENTRAL) throw StripException.malformed("bad central directory entry");
      int flags = cd.getShort(p + 8) & 0xffff;
      int method = cd.getShort(p + 10) & 0xffff;
      long crc = cd.getInt(p + 16) & 0xffffffffL;
      long csize = cd.getInt(p + 20) & 0xffffffffL;
      long usize = cd.getInt(p + 24) & 0xffffffffL;
      int nlen = cd.getShort(p + 28) & 0xffff;
      int xlen = cd.getShort(p + 30) & 0xffff;
      int clen = cd.getShort(p + 32) & 0xffff;
      long lho = cd.getInt(p + 42) & 0xffffffffL;
      if (cd.limit() - p - 46 < (long) nlen + xlen + clen) throw StripException.malformed("central entry overruns");
      byte[] nameBytes = new byte[nlen];
      cd.get(p + 46, nameBytes);
      // ZIP64: the sizes and offset that are 0xffffffff come, in this order, from extra field 1.
      int x = p + 46 + nlen;
      int xend = x + xlen;
      while (x + 4 <= xend) {
        int id = cd.getShort(x) & 0xffff;
        int len = cd.getShort(x + 2) & 0xffff;
        if (x + 4 + len > xend) throw StripException.malformed("extra field overruns");
        if (id == 1) {
          int q = x + 4;
          if (usize == 0xffffffffL && q + 8 <= x + 4 + len) { usize = cd.getLong(q); q += 8; }
          if (csize == 0xffffffffL && q + 8 <= x + 4 + len) { csize = cd.getLong(q); q += 8; }
          if (lho == 0xffffffffL && q + 8 <= x + 4 + len) lho = cd.getLong(q);
        }
        x += 4 + len;
      }
      p = xend + clen;
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      if ((flags & 1) != 0) throw new StripException(StripException.Kind.UNSUPPORTED, "encrypted ZIP member");
      if (method != 0 && method != 8) throw new StripException(StripException.Kind.UNSUPPORTED, "ZIP method " + method);
      if (csize < 0 || usize < 0 || lho < 0 || lho > fileSize || csize > fileSize - lho) {
        throw StripException.malformed("member outside the file");
      }
      if (method == 0 && csize != usize) throw StripException.malformed("stored member sizes differ");
      if (usize > limits.maxInflatedBytes()) throw StripException.tooComplex("member declares " + usize + " bytes");
      if (usize > RATIO_FLOOR && usize / Math.max(1, csize) > limits.maxRatio()) {
        throw StripException.tooComplex("member declares a ratio above " + limits.maxRatio());
      }
      // Two members of one name could be read differently by different tools: refuse the ambiguity.
      if (!names.add(name)) throw StripException.malformed("duplicate ZIP member");
      out.add(new Entry(name, method, crc, csize, usize, lho));
    }
    return out;
  }

  /** The member's bytes, inflated and checked (size, CRC, the total of the file) as they are read. */
  InputStream open(Entry e) throws IOException {
    if (inflatedTotal + e.size() > limits.maxInflatedBytes()) throw StripException.tooComplex("ZIP inflates too much");
    InputStream in = openMember(e);
    inflatedTotal += e.size();
    return in;
  }

  /** The first bytes of a member (to sniff its type), not counted in the file's total. */
  byte[] head(Entry e, int n) throws IOException {
    try (InputStream in = openMember(e)) {
      return in.readNBytes(n);
    }
  }

  private InputStream openMember(Entry e) throws IOException {
    SeekableByteChannel ch = source.channel();
    try {
      ByteBuffer lh = read(ch, e.localOffset(), 30);
      if (lh.getInt(0) != LOCAL) throw StripException.malformed("bad local header");
      long start = e.localOffset() + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
      if (start > source.size() || e.compressedSize() > source.size() - start) throw StripException.malformed("member overruns");
      ch.position(start);
      return new MemberStream(ch, e);
    } catch (IOException | RuntimeException ex) {
      ch.close();
      throw ex;
    }
  }

  /** A small member read whole (content types, relationships, the ODF mimetype), at most {@code max} bytes. */
  byte[] readAll(Entry e, int max) throws IOException {
    if (e.size() > max) throw StripException.tooComplex("a small member is too large");
    try (InputStream in = open(e)) {
      return in.readAllBytes();
    }
  }

  private static ByteBuffer read(SeekableByteChannel ch, long pos, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    ch.position(pos);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) throw StripException.malformed("ZIP truncated");
    }
    return b.flip();
  }

  /** Inflates (or copies) exactly the declared bytes; more, fewer or a bad CRC is MALFORMED. */
  private static final class MemberStream extends InputStream {
    private final SeekableByteChannel ch;
    private final Entry entry;
    private final Inflater inflater;
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final CRC32 crc = new CRC32();
    private long compressedLeft;
    private long produced;
    private boolean done;

    MemberStream(SeekableByteChannel ch, Entry entry) {
      this.ch = ch;
      this.entry = entry;
      this.compressedLeft = entry.compressedSize();
      this.inflater = entry.method() == 8 ? new Inflater(true) : null;
      in.limit(0);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (done) return -1;
      int n = inflater == null ? copy(b, off, len) : inflate(b, off, len);
      if (n < 0) {
        finish();
        return -1;
      }
      produced += n;
      if (produced > entry.size()) throw StripException.malformed("a member inflates past its declared size");
      crc.update(b, off, n);
      return n;
    }

    private int copy(byte[] b, int off, int len) throws IOException {
      if (compressedLeft == 0) return -1;
      int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, compressedLeft)));
      if (n < 0) throw new EOFException("ZIP member truncated");
      compressedLeft -= n;
      return n;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
      try {
        while (true) {
          if (inflater.finished()) return -1;
          int n = inflater.inflate(b, off, len);
          if (n > 0) return n;
          if (inflater.needsDictionary()) throw StripException.malformed("deflate stream needs a dictionary");
          if (inflater.needsInput()) {
            if (compressedLeft == 0) throw StripException.malformed("a member ends inside its deflate stream");
            in.clear().limit((int) Math.min(in.capacity(), compressedLeft));
            int r = ch.read(in);
            if (r <= 0) throw StripException.malformed("ZIP member truncated");
            compressedLeft -= r;
            in.flip();
            inflater.setInput(in);
          }
        }
      } catch (DataFormatException e) {
        throw StripException.malformed("bad deflate data");
      }
    }

    private void finish() {
      done = true;
      if (produced != entry.size() || crc.getValue() != entry.crc()) {
        throw StripException.malformed("a member does not match its size or CRC");
      }
    }

    @Override
    public void close() throws IOException {
      if (inflater != null) inflater.end();
      ch.close();
    }
  }
}
