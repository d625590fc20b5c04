package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.junit.jupiter.api.Test;

/**
 * Hand-made edge cases for the document strippers: truncation at many offsets, absurd declared
 * sizes and counts, deep nesting, DTDs, encryption, and the hiding places the corpus does not
 * cover (images inside documents, PDF scripts and attachments). A hostile file may only end in a
 * clean result or a {@link StripException}, quickly.
 */
class DocumentStrippersEdgeTest {
  private static final Stripper PDF = new PdfStripper();
  private static final Stripper OOXML = new OoxmlStripper();
  private static final Stripper ODF = new OdfStripper();

  // ---- truncation --------------------------------------------------------------------------

  /**
   * Cut early, the incremental PDF is its first revision alone, whose page shows these two values:
   * they are then the document's content, not hidden metadata, and a stripper keeps content.
   */
  private static final List<String> CONTENT_OF_FIRST_REVISION = List.of("CANARY-SECRET-7Q", "CANARY-SIGNATURE-7Q");

  @Test
  void strip_truncatedCorpusDocuments_onlyStripExceptionOrCleanOutput() {
    assumeTrue(Corpus.present(), "no corpus");
    for (Corpus.Entry e : Corpus.entries()) {
      Stripper s = e.trueFormat().equals("application/pdf") ? PDF
          : e.trueFormat().startsWith("application/vnd.oasis") ? ODF
          : e.trueFormat().startsWith("application/vnd.openxmlformats") ? OOXML : null;
      if (s == null || e.rejectOk()) continue;
      byte[] whole = e.bytes();
      List<String> markers = e.markers().stream().filter(m -> !CONTENT_OF_FIRST_REVISION.contains(m)).toList();
      for (double f : new double[] {0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
        byte[] cut = java.util.Arrays.copyOf(whole, (int) (whole.length * f));
        byte[] out = cleanOrRefused(s, cut);
        if (out != null) assertEquals(List.of(), CanaryScan.survivors(out, markers), e.file() + " cut at " + f);
      }
      byte[] lastByteGone = java.util.Arrays.copyOf(whole, whole.length - 1);
      byte[] out = cleanOrRefused(s, lastByteGone);
      if (out != null) assertEquals(List.of(), CanaryScan.survivors(out, e.markers()), e.file() + " minus one byte");
    }
  }

  /** The output when the stripper accepted the bytes, null when it refused them with StripException. */
  private static byte[] cleanOrRefused(Stripper s, byte[] input) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        s.strip(Source.of(input), out, StripLimits.DEFAULT);
        return out.toByteArray();
      } catch (StripException refused) {
        return null;
      }
    });
  }

  // ---- absurd sizes and counts ---------------------------------------------------------------

  @Test
  void strip_zipDeclaringHugeMember_tooComplex() throws IOException {
    byte[] zip = docx(Map.of());
    patchCentral(zip, "word/document.xml", 24, 0xfffffff0L); // uncompressed size
    assertKind(StripException.Kind.TOO_COMPLEX, OOXML, zip);
  }

  @Test
  void strip_zipDeclaringTooManyEntries_tooComplex() throws IOException {
    byte[] zip = docx(Map.of());
    ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putShort(zip.length - 22 + 10, (short) 0xfff0);
    assertKind(StripException.Kind.TOO_COMPLEX, OOXML, zip);
  }

  @Test
  void strip_memberInflatingPastItsDeclaredSize_malformed() throws IOException {
    byte[] zip = docx(Map.of());
    patchCentral(zip, "word/document.xml", 24, 10); // declares 10 bytes, inflates to more
    assertKind(StripException.Kind.MALFORMED, OOXML, zip);
  }

  @Test
  void strip_centralDirectoryOutsideFile_malformed() throws IOException {
    byte[] zip = docx(Map.of());
    ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(zip.length - 22 + 16, 0x7ffffff0);
    assertKind(StripException.Kind.MALFORMED, OOXML, zip);
  }

  @Test
  void strip_bombMemberWithHonestHeader_tooComplexQuickly() throws IOException {
    byte[] big = new byte[64 << 20]; // 64 MiB of zeros: about 1000:1
    byte[] zip = docx(Map.of("word/document.xml", big));
    assertKind(StripException.Kind.TOO_COMPLEX, OOXML, zip);
  }

  // ---- nesting, DTDs ---------------------------------------------------------------------------

  @Test
  void strip_deeplyNestedXml_tooComplex() throws IOException {
    String deep = "<w:document xmlns:w=\"" + OoxmlRules.W + "\"><w:body>" + "<w:p>".repeat(10_000) + "</w:p>".repeat(10_000)
        + "</w:body></w:document>";
    assertKind(StripException.Kind.TOO_COMPLEX, OOXML, docx(Map.of("word/document.xml", deep.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void strip_xmlWithEntityBomb_malformed() throws IOException {
    String laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
        + "<w:document xmlns:w=\"" + OoxmlRules.W + "\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>";
    assertKind(StripException.Kind.MALFORMED, OOXML, docx(Map.of("word/document.xml", laughs.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void strip_pdfWithDeeplyNestedArrays_refused() {
    String body = "[".repeat(200_000) + "]".repeat(200_000);
    byte[] pdf = minimalPdf("<< /Type /Catalog /Pages 2 0 R /X " + body + " >>");
    assertThrows(StripException.class, () -> strip(PDF, pdf));
  }

  @Test
  void strip_pdfGarbage_malformed() {
    assertKind(StripException.Kind.MALFORMED, PDF, "%PDF-1.7\nnot really\n%%EOF".getBytes(StandardCharsets.US_ASCII));
  }

  // ---- encryption ------------------------------------------------------------------------------

  @Test
  void strip_encryptedPdf_unsupported() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.protect(new StandardProtectionPolicy("owner", "user", new AccessPermission()));
      doc.save(out);
    }
    assertKind(StripException.Kind.UNSUPPORTED, PDF, out.toByteArray());
  }

  @Test
  void strip_encryptedZipMember_unsupported() throws IOException {
    byte[] zip = docx(Map.of());
    patchCentral(zip, "word/document.xml", 8, 1); // general purpose flag: encrypted
    assertKind(StripException.Kind.UNSUPPORTED, OOXML, zip);
  }

  // ---- hiding places the corpus does not cover -------------------------------------------------

  @Test
  void strip_docxWithExifJpegAndTextPng_imagesCleanedAndStillDecode() throws Exception {
    Map<String, byte[]> extra = new LinkedHashMap<>();
    extra.put("word/media/image1.jpeg", jpegWithExif("CANARY-EXIF-7Q"));
    extra.put("word/media/image2.png", pngWithText("CANARY-PNGTEXT-7Q"));
    byte[] out = strip(OOXML, docx(extra));
    assertEquals(List.of(), CanaryScan.survivors(out, List.of("CANARY-EXIF-7Q", "CANARY-PNGTEXT-7Q")));
    Map<String, byte[]> parts = DocumentChecks.members(out);
    assertNotNull(ImageIO.read(new ByteArrayInputStream(parts.get("word/media/image1.jpeg"))), "JPEG decodes");
    assertNotNull(ImageIO.read(new ByteArrayInputStream(parts.get("word/media/image2.png"))), "PNG decodes");
    DocumentChecks.ooxml(out);
  }

  @Test
  void strip_docxWithGifMedia_unsupported() throws IOException {
    byte[] gif = "GIF89a\1\0\1\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1);
    assertKind(StripException.Kind.UNSUPPORTED, OOXML, docx(Map.of("word/media/image1.gif", gif)));
  }

  @Test
  void strip_pdfWithScriptAttachmentAndExifImage_allGone() throws IOException {
    ByteArrayOutputStream made = new ByteArrayOutputStream();
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      PDImageXObject image = JPEGFactory.createFromByteArray(doc, jpegWithExif("CANARY-EXIF-7Q"));
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.drawImage(image, 10, 10);
      }
      doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('CANARY-JS-7Q')"));
      PDEmbeddedFile ef = new PDEmbeddedFile(doc, new ByteArrayInputStream("CANARY-ATTACH-7Q".getBytes(StandardCharsets.US_ASCII)));
      PDComplexFileSpecification spec = new PDComplexFileSpecification();
      spec.setFile("notes.txt");
      spec.setEmbeddedFile(ef);
      PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(Map.of("notes.txt", spec));
      PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      doc.getDocumentCatalog().setNames(names);
      doc.save(made);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stripped r = PDF.strip(Source.of(made.toByteArray()), out, StripLimits.DEFAULT);
    assertTrue(r.removed().contains(Category.EMBEDDED), "scripts and attachments reported");
    assertEquals(List.of(), CanaryScan.survivors(out.toByteArray(), List.of("CANARY-EXIF-7Q", "CANARY-JS-7Q", "CANARY-ATTACH-7Q")));
    try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
      var xobjects = doc.getPage(0).getResources().getXObjectNames();
      COSName name = xobjects.iterator().next();
      PDImageXObject image = (PDImageXObject) doc.getPage(0).getResources().getXObject(name);
      COSStream s = image.getCOSObject();
      byte[] jpeg;
      try (var in = s.createRawInputStream()) {
        jpeg = in.readAllBytes();
      }
      assertFalse(new String(jpeg, StandardCharsets.ISO_8859_1).contains("Exif"), "EXIF segment left in the image");
      assertNotNull(ImageIO.read(new ByteArrayInputStream(jpeg)), "the image still decodes");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static byte[] strip(Stripper s, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.strip(Source.of(input), out, StripLimits.DEFAULT);
    return out.toByteArray();
  }

  private static void assertKind(StripException.Kind kind, Stripper s, byte[] input) {
    StripException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(StripException.class, () -> strip(s, input)));
    assertEquals(kind, e.kind(), e.getMessage());
  }

  /** A minimal valid docx; {@code parts} adds or replaces members (media get an image relationship). */
  static byte[] docx(Map<String, byte[]> parts) throws IOException {
    Map<String, byte[]> all = new LinkedHashMap<>();
    all.put("[Content_Types].xml", ("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"
        + "<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"gif\" ContentType=\"image/gif\"/>"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        + "</Types>").getBytes(StandardCharsets.UTF_8));
    all.put("_rels/.rels", ("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
        + "</Relationships>").getBytes(StandardCharsets.UTF_8));
    all.put("word/document.xml", ("<?xml version=\"1.0\"?><w:document xmlns:w=\"" + OoxmlRules.W + "\"><w:body><w:p><w:r><w:t>"
        + "Some text".repeat(50) + "</w:t></w:r></w:p></w:body></w:document>").getBytes(StandardCharsets.UTF_8));
    StringBuilder rels = new StringBuilder("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    int n = 1;
    for (String name : parts.keySet()) {
      if (name.startsWith("word/media/")) {
        rels.append("<Relationship Id=\"rIdM").append(n++).append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"")
            .append(name.substring(5)).append("\"/>");
      }
    }
    all.put("word/_rels/document.xml.rels", rels.append("</Relationships>").toString().getBytes(StandardCharsets.UTF_8));
    all.putAll(parts);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var p : all.entrySet()) {
        zip.putNextEntry(new ZipEntry(p.getKey()));
        zip.write(p.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Overwrites a field (at {@code offset} within the central header) of one member, 4 bytes, or 2 for the flags. */
  private static void patchCentral(byte[] zip, String member, int offset, long value) {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    byte[] name = member.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 < zip.length; i++) {
      if (b.getInt(i) != 0x02014b50 || (b.getShort(i + 28) & 0xffff) != name.length) continue;
      if (!java.util.Arrays.equals(zip, i + 46, i + 46 + name.length, name, 0, name.length)) continue;
      if (offset == 8) {
        b.putShort(i + offset, (short) value);
      } else {
        b.putInt(i + offset, (int) value);
      }
      return;
    }
    throw new AssertionError("no central header for " + member);
  }

  static byte[] jpegWithExif(String marker) throws IOException {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", plain);
    byte[] j = plain.toByteArray();
    byte[] payload = ("Exif\0\0" + marker).getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(j, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write((payload.length + 2) >> 8);
    out.write(payload.length + 2);
    out.write(payload);
    out.write(0xff);
    out.write(0xfe); // COM
    out.write(0);
    out.write(marker.length() + 2);
    out.write(marker.getBytes(StandardCharsets.ISO_8859_1));
    out.write(j, 2, j.length - 2);
    out.write(marker.getBytes(StandardCharsets.ISO_8859_1)); // after EOI
    return out.toByteArray();
  }

  static byte[] pngWithText(String marker) throws IOException {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(img, "png", plain);
    byte[] p = plain.toByteArray();
    byte[] data = ("Author\0" + marker).getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    ByteBuffer len = ByteBuffer.allocate(4).putInt(data.length);
    chunk.write(len.array());
    byte[] typeAndData = new byte[4 + data.length];
    System.arraycopy("tEXt".getBytes(StandardCharsets.US_ASCII), 0, typeAndData, 0, 4);
    System.arraycopy(data, 0, typeAndData, 4, data.length);
    chunk.write(typeAndData);
    CRC32 crc = new CRC32();
    crc.update(typeAndData);
    chunk.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(p, 0, 33); // signature and IHDR
    out.write(chunk.toByteArray());
    out.write(p, 33, p.length - 33);
    return out.toByteArray();
  }

  /** A one-object PDF with a correct xref, whose catalog is {@code catalog}. */
  static byte[] minimalPdf(String catalog) {
    StringBuilder s = new StringBuilder("%PDF-1.7\n");
    int o1 = s.length();
    s.append("1 0 obj\n").append(catalog).append("\nendobj\n");
    int o2 = s.length();
    s.append("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    int xref = s.length();
    s.append("xref\n0 3\n0000000000 65535 f \n").append(String.format("%010d 00000 n \n", o1)).append(String.format("%010d 00000 n \n", o2));
    s.append("trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
