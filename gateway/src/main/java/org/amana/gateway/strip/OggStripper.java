package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Ogg Vorbis and Ogg Opus, one logical stream. The comment header (Vorbis packet 2, OpusTags) is
 * replaced by one with an empty vendor and no fields (cover art in METADATA_BLOCK_PICTURE goes with
 * it); the header pages are rebuilt around it, and every later page keeps its bytes but gets its
 * sequence number shifted by the change in header page count and its CRC recomputed. Every page's
 * CRC is checked on the way. Multiplexed or chained streams, and other codecs, are unsupported.
 */
final class OggStripper implements Stripper {
  private static final int PAGE_HEADER = 27;
  private static final int MAX_SEGMENTS = 255;
  private static final byte[] VORBIS_ID = {1, 'v', 'o', 'r', 'b', 'i', 's'};
  private static final byte[] VORBIS_COMMENT = {3, 'v', 'o', 'r', 'b', 'i', 's'};
  private static final byte[] VORBIS_SETUP = {5, 'v', 'o', 'r', 'b', 'i', 's'};
  private static final byte[] OPUS_HEAD = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};
  private static final byte[] OPUS_TAGS = {'O', 'p', 'u', 's', 'T', 'a', 'g', 's'};
  private static final int[] CRC_TABLE = crcTable();

  /** One page as read: its bytes, where its body starts, and its segment table. */
  private record Page(byte[] bytes, int nsegs) {
    int flags() {
      return bytes[5] & 0xff;
    }

    long serial() {
      return MediaIo.u32le(bytes, 14);
    }

    long sequence() {
      return MediaIo.u32le(bytes, 18);
    }

    int lacing(int i) {
      return bytes[PAGE_HEADER + i] & 0xff;
    }

    int bodyStart() {
      return PAGE_HEADER + nsegs;
    }
  }

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    Set<Category> removed = EnumSet.noneOf(Category.class);
    try (SeekableByteChannel ch = source.channel()) {
      long size = ch.size();
      Page first = page(ch, 0, limits);
      long pos = first.bytes().length;
      if ((first.flags() & 0x02) == 0 || first.nsegs() == 0 || first.lacing(first.nsegs() - 1) == 255) {
        throw StripException.malformed("first Ogg page is not a lone beginning-of-stream packet");
      }
      byte[] idPacket = Arrays.copyOfRange(first.bytes(), first.bodyStart(), first.bytes().length);
      boolean vorbis = startsWith(idPacket, VORBIS_ID);
      if (!vorbis && !startsWith(idPacket, OPUS_HEAD)) {
        throw new StripException(StripException.Kind.UNSUPPORTED, "Ogg codec other than Vorbis and Opus");
      }
      for (int i = 0; i < first.nsegs() - 1; i++) {
        if (first.lacing(i) != 255) throw StripException.malformed("more than one packet on the first page");
      }
      long serial = first.serial();
      int headerPackets = vorbis ? 3 : 2;

      // Gather the remaining header packets; they must end exactly at a page end.
      List<byte[]> packets = new ArrayList<>();
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      int oldHeaderPages = 1;
      while (packets.size() < headerPackets - 1) {
        if (oldHeaderPages >= limits.maxEntries()) throw StripException.tooComplex("Ogg header pages");
        Page p = page(ch, pos, limits);
        pos += p.bytes().length;
        oldHeaderPages++;
        if (p.serial() != serial || (p.flags() & 0x02) != 0) {
          throw new StripException(StripException.Kind.UNSUPPORTED, "multiplexed Ogg streams");
        }
        if (((p.flags() & 0x01) != 0) != (current.size() > 0)) throw StripException.malformed("Ogg continuation flag");
        int body = p.bodyStart();
        for (int i = 0; i < p.nsegs(); i++) {
          if (packets.size() == headerPackets - 1) throw StripException.malformed("audio on a header page");
          int l = p.lacing(i);
          if ((long) current.size() + l > limits.maxBlockBytes()) throw StripException.tooComplex("Ogg header packet");
          current.write(p.bytes(), body, l);
          body += l;
          if (l < 255) {
            packets.add(current.toByteArray());
            current.reset();
          }
        }
      }
      if (current.size() > 0) throw StripException.malformed("header packet continues on an audio page");
      byte[] comment = packets.get(0);
      byte[] magic = vorbis ? VORBIS_COMMENT : OPUS_TAGS;
      if (!startsWith(comment, magic)) throw StripException.malformed("second Ogg packet is not a comment header");
      if (vorbis && !startsWith(packets.get(1), VORBIS_SETUP)) throw StripException.malformed("no Vorbis setup header");
      VorbisComments.classify(comment, magic.length, comment.length, limits, removed);

      List<byte[]> newPackets = new ArrayList<>();
      newPackets.add(VorbisComments.empty(new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1), vorbis));
      if (vorbis) newPackets.add(packets.get(1));

      OutputStream out = new BufferedOutputStream(sink, 1 << 16);
      out.write(first.bytes());
      long sequence = first.sequence() + 1;
      List<byte[]> headerPages = paginate(newPackets, serial, sequence);
      for (byte[] hp : headerPages) out.write(hp);
      long delta = headerPages.size() - (oldHeaderPages - 1);

      boolean ended = (first.flags() & 0x04) != 0;
      while (pos < size) {
        if (ended) throw new StripException(StripException.Kind.UNSUPPORTED, "chained Ogg streams");
        Page p = page(ch, pos, limits);
        pos += p.bytes().length;
        if (p.serial() != serial || (p.flags() & 0x02) != 0) {
          throw new StripException(StripException.Kind.UNSUPPORTED, "multiplexed or chained Ogg streams");
        }
        ended = (p.flags() & 0x04) != 0;
        if (delta != 0) {
          MediaIo.put32le(p.bytes(), 18, p.sequence() + delta);
          setCrc(p.bytes());
        }
        out.write(p.bytes());
      }
      out.flush();
    }
    return Stripped.of(removed);
  }

  /** Reads and checks one page at {@code pos}: capture pattern, version, length, CRC. */
  private static Page page(SeekableByteChannel ch, long pos, StripLimits limits) throws IOException {
    byte[] h = MediaIo.read(ch, pos, PAGE_HEADER, limits);
    if (h[0] != 'O' || h[1] != 'g' || h[2] != 'g' || h[3] != 'S' || h[4] != 0) throw StripException.malformed("not an Ogg page");
    int nsegs = h[26] & 0xff;
    byte[] lacing = MediaIo.read(ch, pos + PAGE_HEADER, nsegs, limits);
    int body = 0;
    for (byte l : lacing) body += l & 0xff;
    byte[] page = MediaIo.read(ch, pos, PAGE_HEADER + nsegs + body, limits); // at most 65,307 bytes
    long crc = MediaIo.u32le(page, 22);
    if (crc(page) != crc) throw StripException.malformed("Ogg page CRC");
    return new Page(page, nsegs);
  }

  /** Lays packets out on pages of at most 255 segments, as libogg does for headers. */
  static List<byte[]> paginate(List<byte[]> packets, long serial, long firstSequence) {
    List<Integer> lacing = new ArrayList<>();
    List<Boolean> ends = new ArrayList<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      int left = p.length;
      while (true) {
        int l = Math.min(255, left);
        lacing.add(l);
        left -= l;
        ends.add(l < 255);
        if (l < 255) break;
      }
      data.writeBytes(p);
    }
    byte[] all = data.toByteArray();
    List<byte[]> pages = new ArrayList<>();
    int seg = 0;
    int offset = 0;
    long sequence = firstSequence;
    boolean continued = false;
    while (seg < lacing.size()) {
      int n = Math.min(MAX_SEGMENTS, lacing.size() - seg);
      int bodyLength = 0;
      boolean anyEnd = false;
      for (int i = 0; i < n; i++) {
        bodyLength += lacing.get(seg + i);
        anyEnd |= ends.get(seg + i);
      }
      byte[] page = new byte[PAGE_HEADER + n + bodyLength];
      page[0] = 'O';
      page[1] = 'g';
      page[2] = 'g';
      page[3] = 'S';
      page[5] = (byte) (continued ? 0x01 : 0);
      long granule = anyEnd ? 0 : -1; // headers sit at granule 0; a page where no packet ends says -1
      MediaIo.put32le(page, 6, granule);
      MediaIo.put32le(page, 10, granule >>> 32);
      MediaIo.put32le(page, 14, serial);
      MediaIo.put32le(page, 18, sequence++);
      page[26] = (byte) n;
      for (int i = 0; i < n; i++) page[PAGE_HEADER + i] = (byte) (int) lacing.get(seg + i);
      System.arraycopy(all, offset, page, PAGE_HEADER + n, bodyLength);
      setCrc(page);
      pages.add(page);
      continued = !ends.get(seg + n - 1);
      seg += n;
      offset += bodyLength;
    }
    return pages;
  }

  private static void setCrc(byte[] page) {
    MediaIo.put32le(page, 22, 0);
    MediaIo.put32le(page, 22, crc(page));
  }

  /** Ogg's CRC-32: polynomial 0x04c11db7, no reflection, initial value 0, over the page with its CRC field zero. */
  static long crc(byte[] page) {
    int crc = 0;
    for (int i = 0; i < page.length; i++) {
      int b = i >= 22 && i < 26 ? 0 : page[i] & 0xff;
      crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ b) & 0xff];
    }
    return crc & 0xffffffffL;
  }

  private static int[] crcTable() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int k = 0; k < 8; k++) r = (r & 0x80000000) != 0 ? r << 1 ^ 0x04c11db7 : r << 1;
      t[i] = r;
    }
    return t;
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }
}
