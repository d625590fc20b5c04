package org.amana.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * ASCII armor for age files: strict PEM (RFC 7468 §3) with the label {@code AGE ENCRYPTED FILE},
 * padded base64 in 64-column lines, LF or CRLF, whitespace only before and after.
 */
final class Armor {
  static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  static final String END = "-----END AGE ENCRYPTED FILE-----";
  private static final int COLUMNS = 64;
  private static final int MAX_WHITESPACE = 1024;

  private Armor() {}

  static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
  }

  /** Encodes as it goes; {@link #close()} writes the last line and the END line. */
  static final class Writer extends OutputStream {
    private final OutputStream out;
    private final byte[] group = new byte[COLUMNS / 4 * 3];
    private int filled;
    private boolean closed;

    Writer(OutputStream out) throws IOException {
      this.out = out;
      out.write((BEGIN + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == group.length) flushLine();
        int n = Math.min(len, group.length - filled);
        System.arraycopy(b, off, group, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    private void flushLine() throws IOException {
      out.write(Base64.getEncoder().encode(Arrays.copyOf(group, filled)));
      out.write('\n');
      filled = 0;
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      if (filled > 0) flushLine();
      out.write((END + "\n").getBytes(StandardCharsets.US_ASCII));
      out.close();
    }
  }

  /** Decodes as it goes; every violation of strict PEM is an {@link AgeException.Armor}. */
  static final class Reader extends InputStream {
    private final InputStream in;
    private byte[] decoded = new byte[0];
    private int pos;
    private boolean started;
    private boolean ended;
    private boolean sawShortLine;

    Reader(InputStream in) {
      this.in = in.markSupported() ? in : new java.io.BufferedInputStream(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      while (pos == decoded.length) {
        if (ended || !nextLine()) return -1;
      }
      int n = Math.min(len, decoded.length - pos);
      System.arraycopy(decoded, pos, b, off, n);
      pos += n;
      return n;
    }

    private boolean nextLine() throws IOException {
      if (!started) {
        skipLeadingWhitespace();
        if (!BEGIN.equals(readLine())) throw new AgeException.Armor("the armor does not start with " + BEGIN);
        started = true;
      }
      String line = readLine();
      if (line == null) throw new AgeException.Armor("the armor has no END line");
      if (line.equals(END)) {
        checkTrailing();
        ended = true;
        return false;
      }
      if (sawShortLine) throw new AgeException.Armor("a short armor line must be the last one before END");
      if (line.isEmpty() || line.length() > COLUMNS || line.length() % 4 != 0) {
        throw new AgeException.Armor("an armor line has the wrong length");
      }
      if (line.length() < COLUMNS || line.endsWith("=")) sawShortLine = true;
      decoded = strictDecode(line);
      pos = 0;
      return true;
    }

    private static byte[] strictDecode(String line) throws AgeException.Armor {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
            || (c == '=' && i >= line.length() - 2);
        if (!ok) throw new AgeException.Armor("the armor contains a character that is not base64");
      }
      try {
        byte[] out = Base64.getDecoder().decode(line);
        if (!Base64.getEncoder().encodeToString(out).equals(line)) {
          throw new AgeException.Armor("the armor's base64 is not canonical");
        }
        return out;
      } catch (IllegalArgumentException e) {
        throw new AgeException.Armor("the armor's base64 is invalid");
      }
    }

    private void skipLeadingWhitespace() throws IOException {
      for (int i = 0; ; i++) {
        in.mark(1);
        int b = in.read();
        if (b < 0 || !isWhitespace(b)) {
          in.reset();
          return;
        }
        if (i == MAX_WHITESPACE) throw new AgeException.Armor("too much whitespace before the armor");
      }
    }

    private void checkTrailing() throws IOException {
      for (int i = 0; ; i++) {
        int b = in.read();
        if (b < 0) return;
        if (!isWhitespace(b)) throw new AgeException.Armor("the armor is followed by data that is not whitespace");
        if (i == MAX_WHITESPACE) throw new AgeException.Armor("too much whitespace after the armor");
      }
    }

    /** A line without its LF or CRLF; null at EOF; the last line may lack its end of line. */
    private String readLine() throws IOException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) return sb.isEmpty() ? null : sb.toString();
        if (b == '\n') return sb.toString();
        if (b == '\r') {
          if (in.read() != '\n') throw new AgeException.Armor("a carriage return not followed by a line feed");
          return sb.toString();
        }
        if (sb.length() > COLUMNS + BEGIN.length()) throw new AgeException.Armor("an armor line is too long");
        sb.append((char) b);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
