package org.amana.gateway;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Whether a stored (cleaned) file is still a valid file of its type, checked with tools that share
 * nothing with the strippers: Java's image decoders, an XML parser, a ZIP reader, small structure
 * walks, and exiftool's own error report. Returns what was checked; throws when the file is broken.
 */
final class StoredFileCheck {
  private StoredFileCheck() {}

  static String check(String type, byte[] file) throws Exception {
    String base = type.contains(";") ? type.substring(0, type.indexOf(';')).strip() : type;
    List<String> checks = new ArrayList<>();
    switch (base) {
      case "text/plain" -> {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(file));
        checks.add("UTF-8");
      }
      case "image/jpeg", "image/png", "image/gif", "image/tiff" -> {
        var image = ImageIO.read(new ByteArrayInputStream(file));
        if (image == null) throw new AssertionError("ImageIO cannot decode it");
        checks.add("decoded " + image.getWidth() + "x" + image.getHeight());
      }
      case "image/webp", "audio/vnd.wave", "audio/x-wav", "audio/wav" -> checks.add(riff(file));
      case "image/svg+xml" -> {
        var doc = xml().parse(new ByteArrayInputStream(file));
        if (!doc.getDocumentElement().getLocalName().equals("svg")) throw new AssertionError("root is not <svg>");
        checks.add("XML, <svg> root");
      }
      case "application/pdf" -> {
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(file)) {
          if (pdf.getNumberOfPages() < 1) throw new AssertionError("no pages");
          checks.add("PDFBox loads " + pdf.getNumberOfPages() + " page(s)");
        }
      }
      case "video/quicktime", "video/mp4", "image/heic", "image/heif", "audio/mp4" -> checks.add(boxes(file));
      case "audio/mpeg" -> {
        int i = 0;
        if (!((file[i] & 0xff) == 0xff && (file[i + 1] & 0xe0) == 0xe0)) throw new AssertionError("does not start with an MPEG frame");
        checks.add("MPEG frame sync at 0");
      }
      case "audio/x-flac", "audio/flac" -> {
        if (!new String(file, 0, 4, StandardCharsets.ISO_8859_1).equals("fLaC")) throw new AssertionError("no fLaC");
        checks.add("fLaC");
      }
      case "audio/vorbis", "audio/ogg", "audio/opus" -> {
        if (!new String(file, 0, 4, StandardCharsets.ISO_8859_1).equals("OggS")) throw new AssertionError("no OggS");
        checks.add("OggS");
      }
      default -> {
        if (file.length > 1 && file[0] == 'P' && file[1] == 'K') checks.add(zip(file));
        else throw new AssertionError("no check for " + type);
      }
    }
    if (!base.equals("text/plain") && !base.equals("image/svg+xml")) checks.add(exiftool(file));
    return String.join(", ", checks);
  }

  /** Every member readable; every XML member parses; OOXML has its content types, ODF its mimetype first. */
  private static String zip(byte[] file) throws Exception {
    int members = 0;
    int xml = 0;
    String first = null;
    boolean contentTypes = false;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (first == null) first = e.getName();
        byte[] b = zip.readNBytes(256 << 20);
        members++;
        if (e.getName().equals("[Content_Types].xml")) contentTypes = true;
        if (e.getName().endsWith(".xml") || e.getName().endsWith(".rels")) {
          xml().parse(new ByteArrayInputStream(b));
          xml++;
        }
      }
    }
    if (!contentTypes && !"mimetype".equals(first)) throw new AssertionError("neither OOXML content types nor an ODF mimetype first");
    return "ZIP " + members + " members, " + xml + " XML parts parse";
  }

  /** RIFF: the declared size matches, and the chunks tile the file. */
  private static String riff(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (!new String(file, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")) throw new AssertionError("no RIFF");
    long declared = b.getInt(4) & 0xffffffffL;
    if (declared + 8 != file.length) throw new AssertionError("RIFF size " + declared + " for " + file.length + " bytes");
    int at = 12;
    int chunks = 0;
    while (at + 8 <= file.length) {
      long size = b.getInt(at + 4) & 0xffffffffL;
      at += 8 + (int) size + (int) (size & 1);
      chunks++;
    }
    if (at != file.length) throw new AssertionError("chunks do not end at the end of the file");
    return "RIFF " + new String(file, 8, 4, StandardCharsets.ISO_8859_1) + ", " + chunks + " chunks";
  }

  /** ISO BMFF: the top-level boxes tile the file. */
  private static String boxes(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    long at = 0;
    List<String> names = new ArrayList<>();
    while (at + 8 <= file.length) {
      long size = b.getInt((int) at) & 0xffffffffL;
      String name = new String(file, (int) at + 4, 4, StandardCharsets.ISO_8859_1);
      if (size == 1) size = b.getLong((int) at + 8);
      else if (size == 0) size = file.length - at;
      if (size < 8) throw new AssertionError("box " + name + " of size " + size);
      names.add(name);
      at += size;
    }
    if (at != file.length) throw new AssertionError("boxes do not end at the end of the file");
    return "boxes " + names;
  }

  /** exiftool reads the file without an error. */
  private static String exiftool(byte[] file) throws Exception {
    Path tmp = Files.createTempFile("stored-check", ".bin");
    try {
      Files.write(tmp, file);
      Process p = new ProcessBuilder("exiftool", "-s3", "-Error", tmp.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("exiftool hung");
      if (!out.isEmpty()) throw new AssertionError("exiftool: " + out);
      return "exiftool: no error";
    } finally {
      Files.delete(tmp);
    }
  }

  private static javax.xml.parsers.DocumentBuilder xml() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder();
  }
}
