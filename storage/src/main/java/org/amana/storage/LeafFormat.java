package org.amana.storage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The bytes of an integrity-log leaf, version 1 (docs/integrity-log.md). Big-endian, fixed-width
 * fields and explicit counts and lengths, so that every leaf has exactly one encoding:
 *
 * <pre>
 * u8 version = 1 · u8 type (1 submission, 2 event) · 16 submission id · i32 day (days since 1970-01-01, UTC)
 * submission: 32 plaintext commitment · u16 n · n × (u8 kind (0 manifest, 1 file) · i32 ordinal · i64 sealed size · 32 SHA-256 of sealed bytes)
 * event:      u8 length · kind (ASCII [a-z_], 1..32) · 32 SHA-256 of the sealed details
 * </pre>
 *
 * The leaf hash is RFC 9162's {@code SHA-256(0x00 || data)}; it is computed here (with the JDK) so
 * that the commit transaction can store it, and checked against the crypto module's by the tests.
 */
public final class LeafFormat {
    public static final byte VERSION = 1;
    static final byte SUBMISSION = 1;
    static final byte EVENT = 2;
    /** The kind column of a submission leaf. */
    public static final String SUBMISSION_KIND = "submission";
    private static final Pattern EVENT_KIND = Pattern.compile("[a-z_]{1,32}");
    private static final int MAX_OBJECTS = 0xFFFF;

    private LeafFormat() {}

    /** One sealed object a submission leaf commits to, in the order manifest, then files by ordinal. */
    public record SealedObject(BlobKind kind, int ordinal, long sealedSize, byte[] sealedSha256) {
        public SealedObject {
            Objects.requireNonNull(kind, "kind");
            sealedSha256 = Bytes.sha256(sealedSha256, "sealedSha256");
        }

        @Override
        public byte[] sealedSha256() {
            return sealedSha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SealedObject s && s.kind == kind && s.ordinal == ordinal && s.sealedSize == sealedSize
                    && Arrays.equals(s.sealedSha256, sealedSha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, ordinal, sealedSize, Arrays.hashCode(sealedSha256));
        }
    }

    /** A decoded leaf: a submission ({@code objects} set, {@code eventKind} null) or an event. */
    public record Decoded(SubmissionId submission, LocalDate day, String eventKind, byte[] commitmentOrDetails,
                          List<SealedObject> objects) {
        public boolean isSubmission() {
            return eventKind == null;
        }

        /** The value of the kind column this leaf belongs under. */
        public String kindColumn() {
            return isSubmission() ? SUBMISSION_KIND : eventKind;
        }
    }

    public static byte[] submission(SubmissionId id, LocalDate day, byte[] plaintextCommitment, List<SealedObject> objects) {
        byte[] commitment = Bytes.sha256(plaintextCommitment, "plaintextCommitment");
        if (objects.isEmpty() || objects.size() > MAX_OBJECTS) throw new IllegalArgumentException("1 to 65535 sealed objects");
        ByteBuffer b = header(SUBMISSION, id, day, 32 + 2 + objects.size() * (1 + 4 + 8 + 32));
        b.put(commitment).putShort((short) objects.size());
        for (SealedObject o : objects) {
            b.put((byte) (o.kind() == BlobKind.MANIFEST ? 0 : 1)).putInt(o.ordinal()).putLong(o.sealedSize()).put(o.sealedSha256);
        }
        return b.array();
    }

    public static byte[] event(SubmissionId id, LocalDate day, String kind, byte[] detailsSha256) {
        checkEventKind(kind);
        byte[] details = Bytes.sha256(detailsSha256, "detailsSha256");
        ByteBuffer b = header(EVENT, id, day, 1 + kind.length() + 32);
        return b.put((byte) kind.length()).put(kind.getBytes(StandardCharsets.US_ASCII)).put(details).array();
    }

    static void checkEventKind(String kind) {
        if (kind == null || !EVENT_KIND.matcher(kind).matches() || kind.equals(SUBMISSION_KIND)) {
            throw new IllegalArgumentException("an event kind is 1 to 32 of [a-z_], and not 'submission'");
        }
    }

    /** Decodes strictly: any other bytes than {@link #submission} or {@link #event} would write throw IllegalArgumentException. */
    public static Decoded decode(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            if (b.get() != VERSION) throw new IllegalArgumentException("unknown leaf version");
            byte type = b.get();
            SubmissionId id = new SubmissionId(new UUID(b.getLong(), b.getLong()));
            LocalDate day = LocalDate.ofEpochDay(b.getInt());
            Decoded d;
            if (type == SUBMISSION) {
                byte[] commitment = take(b, 32);
                int n = Short.toUnsignedInt(b.getShort());
                if (n == 0) throw new IllegalArgumentException("a submission leaf has at least one object");
                List<SealedObject> objects = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte k = b.get();
                    if (k != 0 && k != 1) throw new IllegalArgumentException("unknown object kind");
                    int ordinal = b.getInt();
                    long size = b.getLong();
                    if (ordinal < 0 || size < 0) throw new IllegalArgumentException("negative ordinal or size");
                    objects.add(new SealedObject(k == 0 ? BlobKind.MANIFEST : BlobKind.FILE, ordinal, size, take(b, 32)));
                }
                d = new Decoded(id, day, null, commitment, List.copyOf(objects));
            } else if (type == EVENT) {
                String kind = new String(take(b, Byte.toUnsignedInt(b.get())), StandardCharsets.US_ASCII);
                checkEventKind(kind);
                d = new Decoded(id, day, kind, take(b, 32), List.of());
            } else {
                throw new IllegalArgumentException("unknown leaf type");
            }
            if (b.hasRemaining()) throw new IllegalArgumentException("trailing bytes after the leaf");
            return d;
        } catch (BufferUnderflowException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("truncated or malformed leaf");
        }
    }

    /** RFC 9162 leaf hash: SHA-256(0x00 || data). */
    public static byte[] leafHash(byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((byte) 0);
            return md.digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer header(byte type, SubmissionId id, LocalDate day, int rest) {
        return ByteBuffer.allocate(2 + 16 + 4 + rest).put(VERSION).put(type)
                .putLong(id.value().getMostSignificantBits()).putLong(id.value().getLeastSignificantBits())
                .putInt(Math.toIntExact(day.toEpochDay()));
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
