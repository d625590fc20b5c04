package org.amana.gateway.strip;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a fresh ZIP: every member dated 1980-01-01 00:00:02 (java.util.zip reads exactly 00:00 as
 * "before 1980" and would add an extended timestamp field), no extra fields, no comments, no attributes of the machine that made
 * it. Nothing of the original archive's bookkeeping is copied.
 */
final class ZipWriter {
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

  private final ZipOutputStream zip;

  ZipWriter(OutputStream out) {
    // The caller owns out: finishing the archive must not close it.
    this.zip = new ZipOutputStream(new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    });
  }

  /** A member stored uncompressed, as ODF requires of {@code mimetype}. */
  void putStored(String name, byte[] bytes) throws IOException {
    ZipEntry e = entry(name);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }

  void put(String name, byte[] bytes) throws IOException {
    try (OutputStream o = begin(name)) {
      o.write(bytes);
    }
  }

  /** A deflated member written as a stream; closing the returned stream ends the member. */
  OutputStream begin(String name) throws IOException {
    zip.putNextEntry(entry(name));
    return new FilterOutputStream(zip) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zip.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        zip.closeEntry();
      }
    };
  }

  void finish() throws IOException {
    zip.finish();
    zip.flush();
  }

  private static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(FIXED_TIME);
    return e;
  }
}
