package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-made hostile and edge inputs: only a StripException (of the right kind) may come out. */
class ImageStrippersEdgeTest {
  private static final StripLimits LIMITS = StripLimits.DEFAULT;

  /** The stripper's outcome: null when it produced a file, else the kind of StripException. */
  static StripException.Kind outcome(Stripper s, byte[] input) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try {
        s.strip(Source.of(input), new ByteArrayOutputStream(), LIMITS);
        return null;
      } catch (StripException e) {
        return e.kind();
      }
    });
  }

  static byte[] strip(Stripper s, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.strip(Source.of(input), out, LIMITS);
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpeg_camera_exif_gps_thumb.jpg", "jpeg_xmp_history_icc.jpg", "png_text_itxt_exif.png",
      "gif_comment_xmp.gif", "webp_exif_xmp.webp", "tiff_tags_gps.tif", "heic_exif_gps.heic", "svg_inkscape_metadata.svg"})
  void strip_truncatedCorpusFile_malformed(String file) {
    assumeTrue(Corpus.present(), "no corpus");
    Corpus.Entry e = Corpus.entry(file);
    byte[] whole = e.bytes();
    Stripper s = Strippers.standard().forType(e.trueFormat()).orElseThrow();
    int last = whole.length - (file.endsWith(".svg") ? 3 : 1); // an SVG without its final newline is whole
    for (int cut : new int[] {0, 1, 7, 12, 30, whole.length / 4, whole.length / 2, whole.length * 3 / 4, last}) {
      byte[] part = java.util.Arrays.copyOf(whole, cut);
      StripException.Kind kind = outcome(s, part);
      assertEquals(StripException.Kind.MALFORMED, kind, file + " cut at " + cut);
    }
  }

  @Test
  void jpeg_absurdDeclaredSize_tooComplex() {
    byte[] sof = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xc0, 0, 17, 8, (byte) 0xfd, (byte) 0xe8, (byte) 0xfd,
        (byte) 0xe8, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, (byte) 0xff, (byte) 0xd9};
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new JpegStripper(), sof));
  }

  @Test
  void jpeg_orientationKeptAloneAndTrailerDropped() throws Exception {
    byte[] plain = jpeg(16, 8);
    // An APP1 EXIF with Make and Orientation 6, after SOI; an appended JPEG after EOI.
    byte[] exif = tiff(new int[][] {{0x010f, 2, 9, -1}, {0x0112, 3, 1, 6}}, "CANARY-M\0".getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write(plain, 0, 2);
    in.write(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) ((exif.length + 8) >> 8), (byte) (exif.length + 8)});
    in.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    in.write(exif);
    in.write(plain, 2, plain.length - 2);
    in.write(plain);
    Stripped result = new JpegStripper().strip(Source.of(in.toByteArray()), new ByteArrayOutputStream(), LIMITS);
    assertTrue(result.removed().containsAll(Set.of(Category.DEVICE, Category.PREVIEWS)), result.removed().toString());
    byte[] out = strip(new JpegStripper(), in.toByteArray());
    String tags = ImageStrippersCorpusTest.exiftool(out, "-a", "-G1", "-s", "-n", "-EXIF:all");
    assertTrue(tags.contains("Orientation") && tags.contains(": 6"), tags);
    assertFalse(tags.contains("CANARY") || tags.contains("Make"), tags);
    assertEquals(1, tags.lines().filter(l -> l.startsWith("[")).count(), "only Orientation: " + tags);
    assertEquals(0xd9, out[out.length - 1] & 0xff);
    assertEquals(-1, CanaryScan.indexOf(out, "CANARY".getBytes(StandardCharsets.US_ASCII)));
    ImageStrippersCorpusTest.assertSamePixels(ImageIO.read(new ByteArrayInputStream(plain)),
        ImageIO.read(new ByteArrayInputStream(out)));
  }

  @Test
  void png_hostileChunks_refused() throws IOException {
    byte[] png = png(8, 8);
    assertEquals(null, outcome(new PngStripper(), png));
    byte[] badCrc = png.clone();
    badCrc[29] ^= 1; // inside IHDR's CRC
    assertEquals(StripException.Kind.MALFORMED, outcome(new PngStripper(), badCrc));
    byte[] huge = withChunk(png, "tEXt", new byte[0], 0x7fff0000);
    assertEquals(StripException.Kind.MALFORMED, outcome(new PngStripper(), huge));
    byte[] critical = withChunk(png, "ZZZZ", new byte[4], -1);
    assertEquals(StripException.Kind.UNSUPPORTED, outcome(new PngStripper(), critical));
    byte[] wide = png.clone();
    wide[16] = 0x7f; // width 0x7f000008
    fixCrc(wide, 12, 13);
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new PngStripper(), wide));
  }

  @Test
  void gif_absurdScreen_tooComplex() {
    byte[] gif = {'G', 'I', 'F', '8', '9', 'a', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0x3b};
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new GifStripper(), gif));
  }

  @Test
  void webp_absurdCanvas_tooComplex() {
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBPVP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
    b.put(new byte[] {0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new WebpStripper(), b.array()));
    b.putInt(4, 1 << 30); // RIFF size past the end
    assertEquals(StripException.Kind.MALFORMED, outcome(new WebpStripper(), b.array()));
  }

  @Test
  void tiff_hostileDirectories_refused() {
    byte[] loop = tiffFile(new int[][] {{256, 3, 1, 8}, {257, 3, 1, 8}, {273, 4, 1, 8}, {279, 4, 1, 1}}, true);
    assertEquals(StripException.Kind.MALFORMED, outcome(new TiffStripper(), loop));
    byte[] huge = tiffFile(new int[][] {{256, 4, 1, 100_000}, {257, 4, 1, 100_000}, {273, 4, 1, 8}, {279, 4, 1, 1}}, false);
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new TiffStripper(), huge));
    byte[] many = new byte[14];
    System.arraycopy(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, (byte) 0xff, (byte) 0xff}, 0, many, 0, 10);
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new TiffStripper(), many));
    byte[] strips = tiffFile(new int[][] {{256, 3, 1, 8}, {257, 3, 1, 8}, {273, 4, 1, 1 << 30}, {279, 4, 1, 1 << 30}}, false);
    assertEquals(StripException.Kind.MALFORMED, outcome(new TiffStripper(), strips));
  }

  @Test
  void tiff_stripsPointingAtTheSameBytes_tooComplex() {
    // 1000 strips that all point at the same 64 KiB: 64 MiB out of a 70 KiB file.
    int strips = 1000;
    int data = 64 << 10;
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * 4 + 4 + 8 * strips + data).order(ByteOrder.LITTLE_ENDIAN);
    int arrays = 8 + 2 + 12 * 4 + 4;
    b.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 4);
    b.putShort((short) 256).putShort((short) 3).putInt(1).putInt(8);
    b.putShort((short) 257).putShort((short) 3).putInt(1).putInt(8);
    b.putShort((short) 273).putShort((short) 4).putInt(strips).putInt(arrays);
    b.putShort((short) 279).putShort((short) 4).putInt(strips).putInt(arrays + 4 * strips);
    b.putInt(0);
    for (int i = 0; i < strips; i++) b.putInt(arrays + 8 * strips);
    for (int i = 0; i < strips; i++) b.putInt(data);
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new TiffStripper(), b.array()));
  }

  @Test
  void tiff_everyFullPageKept() throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(ios);
      w.prepareWriteSequence(null);
      w.writeToSequence(new javax.imageio.IIOImage(image(20, 10), null, null), null);
      w.writeToSequence(new javax.imageio.IIOImage(image(7, 5), null, null), null);
      w.endWriteSequence();
    }
    byte[] out = strip(new TiffStripper(), bytes.toByteArray());
    try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(out))) {
      var reader = ImageIO.getImageReaders(iis).next();
      reader.setInput(iis);
      assertEquals(2, reader.getNumImages(true));
      assertEquals(7, reader.read(1).getWidth());
    }
  }

  @Test
  void heif_hugeBox_malformed() {
    ByteBuffer b = ByteBuffer.allocate(40);
    b.putInt(1).put("ftyp".getBytes(StandardCharsets.US_ASCII)).putLong(1L << 40).put("heicmif1heic".getBytes(StandardCharsets.US_ASCII));
    assertEquals(StripException.Kind.MALFORMED, outcome(new HeifStripper(), b.array()));
  }

  @Test
  void svg_deepNesting_tooComplex() {
    String deep = "<svg xmlns='http://www.w3.org/2000/svg'>" + "<g>".repeat(1000) + "</g>".repeat(1000) + "</svg>";
    assertEquals(StripException.Kind.TOO_COMPLEX, outcome(new SvgStripper(), deep.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void svg_entities_refusedWithoutExpansionOrFetch() {
    String laughs = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        + "<svg xmlns='http://www.w3.org/2000/svg'><text>&b;</text></svg>";
    assertEquals(StripException.Kind.UNSUPPORTED, outcome(new SvgStripper(), laughs.getBytes(StandardCharsets.UTF_8)));
    String external = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        + "<svg xmlns='http://www.w3.org/2000/svg'><text>&x;</text></svg>";
    assertEquals(StripException.Kind.UNSUPPORTED, outcome(new SvgStripper(), external.getBytes(StandardCharsets.UTF_8)));
    String undeclared = "<svg xmlns='http://www.w3.org/2000/svg'><text>&nope;</text></svg>";
    assertEquals(StripException.Kind.MALFORMED, outcome(new SvgStripper(), undeclared.getBytes(StandardCharsets.UTF_8)));
    String dtd = "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'http://127.0.0.1:9/svg11.dtd'>"
        + "<svg xmlns='http://www.w3.org/2000/svg'/>";
    assertEquals(null, outcome(new SvgStripper(), dtd.getBytes(StandardCharsets.UTF_8)));
    assertEquals(StripException.Kind.MALFORMED, outcome(new SvgStripper(), "<html/>".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void svg_scriptsEventsAndExternalReferencesDropped() throws IOException {
    String svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' onload='alert(1)'>"
        + "<script>alert(2)</script><foreignObject><p>x</p></foreignObject>"
        + "<image href='file:///home/someone/secret.png'/><use xlink:href='#a'/><a href='https://example.org/'>"
        + "<rect id='a' style='fill:url(https://example.org/t.png)' fill='url(#g)'/></a>"
        + "<style>@import url(https://example.org/x.css);</style><?xml-stylesheet href='x.css'?></svg>";
    Stripped r = new SvgStripper().strip(Source.of(svg.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), LIMITS);
    String out = new String(strip(new SvgStripper(), svg.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    for (String gone : List.of("alert", "foreignObject", "file:", "example.org", "@import", "stylesheet")) {
      assertFalse(out.contains(gone), gone + " in " + out);
    }
    assertTrue(out.contains("xlink:href=\"#a\"") && out.contains("fill=\"url(#g)\""), out);
    assertTrue(r.removed().containsAll(Set.of(Category.EMBEDDED, Category.PATHS)), r.removed().toString());
  }

  @Test
  void svg_embeddedJpegStripped() throws IOException {
    assumeTrue(Corpus.present(), "no corpus");
    Corpus.Entry jpeg = Corpus.entry("jpeg_camera_exif_gps_thumb.jpg");
    String svg = "<svg xmlns='http://www.w3.org/2000/svg'><image width='10' height='10' href='data:image/jpeg;base64,"
        + Base64.getMimeEncoder().encodeToString(jpeg.bytes()) + "'/></svg>";
    byte[] out = strip(new SvgStripper(), svg.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(), CanaryScan.survivors(out, jpeg.markers()));
    String text = new String(out, StandardCharsets.US_ASCII);
    String b64 = text.substring(text.indexOf("base64,") + 7, text.indexOf('"', text.indexOf("base64,")));
    assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64))));
  }

  // ---- builders ------------------------------------------------------------------------------

  static BufferedImage image(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 40) << 16 | (y * 30) << 8 | 0x80);
    }
    return img;
  }

  static byte[] jpeg(int w, int h) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(image(w, h), "jpeg", b);
    return b.toByteArray();
  }

  static byte[] png(int w, int h) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(image(w, h), "png", b);
    return b.toByteArray();
  }

  /** The PNG with one more chunk after IHDR; {@code declared} >= 0 overrides its length field. */
  static byte[] withChunk(byte[] png, String type, byte[] data, int declared) {
    ByteBuffer c = ByteBuffer.allocate(12 + data.length);
    c.putInt(declared >= 0 ? declared : data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
    CRC32 crc = new CRC32();
    crc.update(c.array(), 4, 4 + data.length);
    c.putInt((int) crc.getValue());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33);
    out.writeBytes(c.array());
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  static void fixCrc(byte[] png, int typeAt, int dataLength) {
    CRC32 crc = new CRC32();
    crc.update(png, typeAt, 4 + dataLength);
    ByteBuffer.wrap(png).putInt(typeAt + 4 + dataLength, (int) crc.getValue());
  }

  /** A big-endian TIFF block: entries {tag, type, count, value (-1: points to {@code extra})}. */
  static byte[] tiff(int[][] entries, byte[] extra) {
    int ifdSize = 2 + 12 * entries.length + 4;
    ByteBuffer b = ByteBuffer.allocate(8 + ifdSize + extra.length);
    b.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) entries.length);
    for (int[] e : entries) {
      b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
      if (e[3] < 0) b.putInt(8 + ifdSize);
      else if (e[1] == 3) b.putShort((short) e[3]).putShort((short) 0);
      else b.putInt(e[3]);
    }
    b.putInt(0).put(extra);
    return b.array();
  }

  /** A little-endian TIFF file with one IFD at 8; {@code loop}: its next IFD is itself. */
  static byte[] tiffFile(int[][] entries, boolean loop) {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * entries.length + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) entries.length);
    for (int[] e : entries) {
      b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
      if (e[1] == 3) b.putShort((short) e[3]).putShort((short) 0);
      else b.putInt(e[3]);
    }
    b.putInt(loop ? 8 : 0);
    return b.array();
  }
}
