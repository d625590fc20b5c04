package org.amana.gateway.strip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * PDF, with Apache PDFBox: loads the document (scratch memory only, capped), walks every object
 * reachable from the trailer and removes what identifies, then saves a fresh, compressed file.
 * Only reachable objects are written, so earlier revisions kept by incremental updates are gone.
 * Removed: the Info dictionary, every {@code /Metadata} (XMP) stream, {@code /PieceInfo},
 * {@code /LastModified}, thumbnails, embedded files and file-attachment annotations, JavaScript,
 * additional actions and launch, submit, import and remote-go-to actions, sticky-note comments and
 * the author and dates of other annotations, signature values, and the metadata segments of
 * embedded JPEG images. The document ID is replaced with a random one. Encrypted PDFs are refused.
 * XMP streams are reported as {@link Category#SOFTWARE} without being decoded (decoding a stream
 * only to name what it held would inflate it).
 */
final class PdfStripper implements Stripper {
  // PDFBox's warnings can quote the document; they must not reach a log file.
  private static final Logger PDFBOX_LOG = Logger.getLogger("org.apache.pdfbox");
  private static final Logger FONTBOX_LOG = Logger.getLogger("org.apache.fontbox");

  static {
    PDFBOX_LOG.setLevel(Level.OFF);
    FONTBOX_LOG.setLevel(Level.OFF);
  }

  private static final Set<String> BAD_ACTIONS = Set.of("JavaScript", "Launch", "SubmitForm", "ImportData", "GoToR",
      "GoToE", "Rendition", "RichMediaExecute", "Sound", "Movie");
  private static final Set<String> BAD_ANNOTATIONS = Set.of("FileAttachment", "Sound", "Movie", "Screen", "RichMedia");
  /** Annotations that are comments themselves: removed with their text and author. */
  private static final Set<String> COMMENT_ANNOTATIONS = Set.of("Text", "Popup");
  private static final Map<COSName, Category> DROP_KEYS = Map.of(
      COSName.METADATA, Category.SOFTWARE, COSName.PIECE_INFO, Category.SOFTWARE,
      COSName.LAST_MODIFIED, Category.TIMES, COSName.THUMB, Category.PREVIEWS,
      COSName.AA, Category.EMBEDDED, COSName.getPDFName("AF"), Category.EMBEDDED,
      COSName.getPDFName("SpiderInfo"), Category.PATHS, COSName.getPDFName("Perms"), Category.PEOPLE,
      COSName.getPDFName("Legal"), Category.OTHER);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public Stripped strip(Source source, OutputStream out, StripLimits limits) throws IOException {
    if (source.size() > limits.maxInflatedBytes()) throw StripException.tooComplex("PDF larger than the limit");
    TrackedOutput tracked = new TrackedOutput(out);
    ChannelRandomAccessRead input = new ChannelRandomAccessRead(source.channel(), source.size());
    try (PDDocument doc = Loader.loadPDF(input, MemoryUsageSetting.setupMainMemoryOnly(limits.maxInflatedBytes()).streamCache)) {
      if (doc.isEncrypted()) throw new StripException(StripException.Kind.UNSUPPORTED, "encrypted PDF");
      COSDocument cos = doc.getDocument();
      if (cos.getXrefTable().size() > limits.maxEntries()) throw StripException.tooComplex("too many PDF objects");
      if (doc.getNumberOfPages() > limits.maxEntries()) throw StripException.tooComplex("too many pages");
      Set<Category> found = EnumSet.noneOf(Category.class);
      COSDictionary trailer = cos.getTrailer();
      if (trailer == null) throw StripException.malformed("no trailer");
      // An incremental update leaves the earlier revision in the file; the fresh save drops it.
      if (trailer.containsKey(COSName.PREV)) found.add(Category.REVISIONS);
      COSDictionary info = trailer.getCOSDictionary(COSName.INFO);
      if (info != null) found.addAll(infoCategories(info));
      trailer.removeItem(COSName.INFO);
      COSDictionary catalog = trailer.getCOSDictionary(COSName.ROOT);
      if (catalog == null) throw StripException.malformed("no catalog");
      cleanCatalog(catalog, found);
      walk(trailer, found, limits);
      COSArray id = new COSArray();
      id.add(new COSString(randomBytes()));
      id.add(new COSString(randomBytes()));
      trailer.setItem(COSName.ID, id);
      doc.save(tracked);
      tracked.flush();
      return Stripped.of(found);
    } catch (InvalidPasswordException e) {
      throw new StripException(StripException.Kind.UNSUPPORTED, "encrypted PDF");
    } catch (IOException e) {
      if (tracked.failed()) throw e; // writing the output failed: not the file's fault
      boolean memory = String.valueOf(e.getMessage()).contains("Maximum allowed");
      // Not chained: PDFBox's messages can quote the document, and exceptions end up in logs.
      throw new StripException(memory ? StripException.Kind.TOO_COMPLEX : StripException.Kind.MALFORMED,
          "PDF: " + e.getClass().getSimpleName());
    } catch (StripException e) {
      throw e;
    } catch (RuntimeException e) {
      // PDFBox signals some malformed structures with unchecked exceptions.
      throw new StripException(StripException.Kind.MALFORMED, "PDF: " + e.getClass().getSimpleName());
    } catch (StackOverflowError e) {
      // PDFBox parses nested arrays and dictionaries recursively; a file nested that deep is refused.
      throw new StripException(StripException.Kind.TOO_COMPLEX, "PDF nested too deeply");
    } finally {
      input.close();
    }
  }

  private static Set<Category> infoCategories(COSDictionary info) {
    Set<Category> found = EnumSet.noneOf(Category.class);
    for (COSName key : info.keySet()) {
      found.add(switch (key.getName()) {
        case "Author" -> Category.PEOPLE;
        case "Creator", "Producer" -> Category.SOFTWARE;
        case "CreationDate", "ModDate" -> Category.TIMES;
        case "Title", "Subject", "Keywords" -> Category.COMMENTS;
        default -> Category.OTHER;
      });
    }
    return found;
  }

  private static void cleanCatalog(COSDictionary catalog, Set<Category> found) {
    COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
    if (names != null) {
      for (COSName key : List.of(COSName.EMBEDDED_FILES, COSName.JAVA_SCRIPT)) {
        if (names.containsKey(key)) {
          names.removeItem(key);
          found.add(Category.EMBEDDED);
        }
      }
    }
    if (catalog.containsKey(COSName.getPDFName("Collection"))) {
      catalog.removeItem(COSName.getPDFName("Collection"));
      found.add(Category.EMBEDDED);
    }
  }

  /** Every object reachable from the trailer, once, without recursion; bounded in count. */
  private static void walk(COSDictionary trailer, Set<Category> found, StripLimits limits) throws IOException {
    Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<COSBase> todo = new ArrayDeque<>();
    todo.push(trailer);
    long budget = (long) limits.maxEntries() * 100;
    long jpegBytes = 0;
    while (!todo.isEmpty()) {
      if (--budget < 0) throw StripException.tooComplex("PDF object graph too large");
      COSBase b = todo.pop();
      if (b instanceof COSObject o) b = o.getObject();
      if (b == null || !seen.add(b)) continue;
      if (b instanceof COSArray a) {
        for (int i = 0; i < a.size(); i++) push(todo, a.get(i));
      } else if (b instanceof COSDictionary d) {
        clean(d, found);
        if (d instanceof COSStream s && isDct(s)) jpegBytes += cleanJpeg(s, found, limits, jpegBytes);
        for (COSBase v : d.getValues()) push(todo, v);
      }
    }
  }

  private static void push(Deque<COSBase> todo, COSBase v) {
    if (v instanceof COSObject || v instanceof COSArray || v instanceof COSDictionary) todo.push(v);
  }

  private static void clean(COSDictionary d, Set<Category> found) {
    for (var k : DROP_KEYS.entrySet()) {
      if (d.containsKey(k.getKey())) {
        d.removeItem(k.getKey());
        found.add(k.getValue());
      }
    }
    for (COSName key : List.of(COSName.A, COSName.OPEN_ACTION, COSName.getPDFName("Next"), COSName.getPDFName("PA"))) {
      COSBase v = d.getDictionaryObject(key);
      if (v instanceof COSDictionary action && badAction(action)) {
        d.removeItem(key);
        found.add(Category.EMBEDDED);
      } else if (v instanceof COSArray chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
          if (chain.getObject(i) instanceof COSDictionary action && badAction(action)) {
            chain.remove(i);
            found.add(Category.EMBEDDED);
          }
        }
      }
    }
    if (d.getDictionaryObject(COSName.ANNOTS) instanceof COSArray annots) {
      for (int i = annots.size() - 1; i >= 0; i--) {
        if (!(annots.getObject(i) instanceof COSDictionary a)) continue;
        String subtype = a.getNameAsString(COSName.SUBTYPE);
        if (BAD_ANNOTATIONS.contains(subtype)) {
          annots.remove(i);
          found.add(Category.EMBEDDED);
        } else if (COMMENT_ANNOTATIONS.contains(subtype)) {
          annots.remove(i);
          found.add(Category.COMMENTS);
        }
      }
    }
    String subtype = d.getNameAsString(COSName.SUBTYPE);
    boolean markup = d.containsKey(COSName.RECT) && subtype != null
        && !Set.of("Link", "Widget", "PrinterMark", "TrapNet", "Watermark", "3D").contains(subtype);
    if (markup) {
      if (d.containsKey(COSName.T)) found.add(Category.PEOPLE);
      if (d.containsKey(COSName.M) || d.containsKey(COSName.CREATION_DATE)) found.add(Category.TIMES);
      d.removeItem(COSName.T);
      d.removeItem(COSName.M);
      d.removeItem(COSName.CREATION_DATE);
      d.removeItem(COSName.getPDFName("Popup"));
    }
    if (COSName.SIG.equals(d.getCOSName(COSName.FT)) && d.containsKey(COSName.V)) {
      d.removeItem(COSName.V);
      found.add(Category.PEOPLE);
    }
  }

  private static boolean badAction(COSDictionary action) {
    String s = action.getNameAsString(COSName.S);
    if (s == null) return false;
    if (s.equals("URI") && action.getDictionaryObject(COSName.URI) instanceof COSString uri) {
      return uri.getString().regionMatches(true, 0, "file:", 0, 5);
    }
    return BAD_ACTIONS.contains(s);
  }

  private static boolean isDct(COSStream s) {
    COSBase f = s.getDictionaryObject(COSName.FILTER);
    if (COSName.DCT_DECODE.equals(f)) return true;
    if (f instanceof COSArray a && a.size() > 0) {
      for (int i = 0; i < a.size(); i++) {
        if (COSName.DCT_DECODE.equals(a.getObject(i))) {
          // A JPEG behind another filter would need decoding and re-encoding: refused rather than left dirty.
          if (a.size() > 1) throw new StripException(StripException.Kind.UNSUPPORTED, "JPEG image behind another filter");
          return true;
        }
      }
    }
    return false;
  }

  /** Drops the APPn and COM segments of an embedded JPEG; returns the bytes it read. */
  private static long cleanJpeg(COSStream s, Set<Category> found, StripLimits limits, long usedSoFar) throws IOException {
    long length = s.getLength();
    if (length < 0 || usedSoFar + length > limits.maxInflatedBytes()) throw StripException.tooComplex("PDF images too large");
    ByteArrayOutputStream cleaned = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
    boolean removed;
    try (InputStream raw = s.createRawInputStream()) {
      removed = EmbeddedImages.jpeg(raw, cleaned, limits);
    }
    if (removed) {
      try (OutputStream o = s.createRawOutputStream()) {
        cleaned.writeTo(o);
      }
      found.add(Category.OTHER);
    }
    return length;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }
}
