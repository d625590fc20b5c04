package org.amana.storage;

import static org.amana.storage.Sql.expectOne;
import static org.amana.storage.Sql.list;
import static org.amana.storage.Sql.update;
import static org.amana.storage.StoreException.Reason.NOT_FOUND;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Amana's database: submissions and their sealed blobs, receipts, replies, reviewers and recipients.
 * The one entry point to storage. The SQL is here (reviewer reads, receipts, replies) and in
 * {@link Ingest} and {@link Roster}, which this class delegates to. Every method returns a Vert.x
 * {@link Future}; failures the caller can act on are {@link StoreException}s, and invalid arguments
 * throw {@link IllegalArgumentException} at once.
 *
 * <p><b>Ingest.</b> {@link #beginSubmission}, then per file {@link #openBlob} and
 * {@link BlobWriter#append}/{@link BlobWriter#finish}, then {@link #commit}: one transaction stores the
 * manifest and the receipt lookup and makes the submission visible. Before that commit nothing of
 * the submission is visible to any reviewer method; {@link #abandon} or {@link #removeAbandoned}
 * delete what an interrupted upload left.
 *
 * <p><b>Security guarantees.</b> The store holds sealed bytes it cannot open, opaque random ids, coarse
 * dates (days, UTC) and hashes; no column holds an address, a user agent or a precise time. A commit is
 * durable before its future completes ({@code synchronous_commit} is forced on for it), so a receipt
 * shown after it cannot be lost by a crash.
 */
public final class Store {

    private final Vertx vertx;
    private final Pool pool;
    private final Pool chunkPool;
    private final Clock clock;
    private final Ingest ingest;
    private final Roster roster;
    private final IntegrityLog log;
    private final ConsentRecords consent;

    private Store(Vertx vertx, Pool pool, Pool chunkPool, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.chunkPool = chunkPool;
        this.clock = clock;
        this.log = new IntegrityLog(pool, this::today);
        this.ingest = new Ingest(pool, chunkPool, this::today, log);
        this.roster = new Roster(pool, this::today);
        this.consent = new ConsentRecords(pool, this::today);
    }

    /** Connects, checks for PostgreSQL 14 or newer, and applies any missing migration. */
    public static Future<Store> connect(Vertx vertx, DatabaseConfig config) {
        return connect(vertx, config, Clock.systemUTC());
    }

    /** As {@link #connect(Vertx, DatabaseConfig)}, with the clock that dates rows (tests move it). */
    public static Future<Store> connect(Vertx vertx, DatabaseConfig config, Clock clock) {
        Pool pool = pool(vertx, config.connectOptions(), config.poolSize());
        // Chunk rows (and finishing a blob) commit asynchronously: PostgreSQL does not wait for the disk
        // (up to a third faster here, far more where flushes are slow). Safe because they count only once
        // their submission commits, and that commit waits for the disk: flushing the log up to its commit
        // record flushes every earlier record, these included. A crash before it loses only an upload
        // that was never committed, which removeAbandoned would delete anyway.
        Pool chunkPool = pool(vertx, config.connectOptions().addProperty("synchronous_commit", "off"), config.poolSize());
        return pool.query("SHOW server_version_num").execute()
                .compose(rows -> {
                    int version = Integer.parseInt(rows.iterator().next().getString(0));
                    return version >= 140000 ? Migrations.migrate(vertx, config) : Future.failedFuture(
                            new IllegalStateException("Amana needs PostgreSQL 14 or newer; " + config + " is " + version));
                })
                .map(migrated -> new Store(vertx, pool, chunkPool, clock))
                .onFailure(e -> {
                    pool.close();
                    chunkPool.close();
                });
    }

    public Future<Void> close() {
        return Future.join(pool.close(), chunkPool.close()).mapEmpty();
    }

    private static Pool pool(Vertx vertx, PgConnectOptions options, int size) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(options).using(vertx).build();
    }

    // ---- ingest (SQL in Ingest)

    /** A new submission in state receiving, dated today. */
    public Future<SubmissionId> beginSubmission() {
        return ingest.beginSubmission();
    }

    /**
     * Opens file blob {@code ordinal} of a receiving submission ({@link BlobKind#MANIFEST} is refused:
     * {@link #commit} stores the manifest). Fails with NOT_FOUND if the submission is not receiving,
     * CONFLICT if the ordinal is taken.
     */
    public Future<BlobWriter> openBlob(SubmissionId submission, BlobKind kind, int ordinal) {
        return ingest.openBlob(submission, kind, ordinal);
    }

    /**
     * In one transaction: stores the sealed manifest (split into chunk rows like any blob) and the
     * receipt lookup, makes the submission visible, and appends its leaf to the integrity log
     * ({@link LeafFormat}: the id, the day, every sealed object's size and SHA-256 as stored, and
     * {@code plaintextCommitment}, an opaque 32 bytes the caller computes). Fails, changing nothing,
     * with WRONG_STATE if the submission is not receiving or has an unfinished blob, or CONFLICT if the
     * receipt lookup is taken. Durable when it completes: only then may the receipt be shown.
     */
    public Future<LogEntry> commit(SubmissionId submission, Buffer sealedManifest, byte[] manifestSha256,
                                   byte[] receiptLookup, String replyRecipient, byte[] plaintextCommitment) {
        return ingest.commit(submission, sealedManifest, manifestSha256, receiptLookup, replyRecipient, plaintextCommitment);
    }

    /**
     * Deletes one blob of a receiving submission with its rows, finished or not, so that its ordinal
     * can be opened again (the gateway rewrites a file it could not clean, or leaves it out at the
     * defender's request). Does nothing if the submission is committed or the blob unknown.
     */
    public Future<Void> discardBlob(SubmissionId submission, BlobKind kind, int ordinal) {
        return ingest.discardBlob(submission, kind, ordinal);
    }

    /** Deletes a receiving submission and all its rows; does nothing if it is committed or unknown. */
    public Future<Void> abandon(SubmissionId submission) {
        return ingest.abandon(submission);
    }

    /**
     * Deletes every submission still receiving that began at least {@code olderThanDays} days ago
     * (0: all of them, today's too), with all their rows; returns how many.
     *
     * <p>With 0 this is safe only where no upload can be in flight: at the start of the only gateway
     * instance (its previous process is gone, and with it every upload it was receiving). Instances
     * that share a database pass 2 or more: dates are days, so a submission begun late on day D counts
     * as one day old just after midnight, and 2 guarantees at least a full day of age.
     */
    public Future<Integer> removeAbandoned(int olderThanDays) {
        return ingest.removeAbandoned(olderThanDays);
    }

    // ---- reviewer reads: committed submissions only

    /** Every committed submission, by day; within a day the order is random (it is the ids' order). */
    public Future<List<SubmissionSummary>> listCommitted() {
        return pool.query("""
                SELECT s.id, s.received_on, r.reply_recipient,
                       count(*) FILTER (WHERE b.kind = 'file') AS files, sum(b.sealed_size)::bigint AS size
                FROM submissions s JOIN blobs b ON b.submission_id = s.id LEFT JOIN receipts r ON r.submission_id = s.id
                WHERE s.state = 'committed'
                GROUP BY s.id, s.received_on, r.reply_recipient
                ORDER BY s.received_on, s.id""").execute()
                .map(rows -> list(rows, row -> new SubmissionSummary(new SubmissionId(row.getUUID("id")),
                        row.getLocalDate("received_on"), row.getLong("files").intValue(), row.getLong("size"),
                        row.getString("reply_recipient"))));
    }

    /** A committed submission's blobs: the manifest first, then the files by ordinal. NOT_FOUND if not committed. */
    public Future<List<BlobInfo>> blobs(SubmissionId submission) {
        return pool.preparedQuery("""
                SELECT b.id, b.kind, b.ordinal, b.sealed_size, b.sealed_sha256
                FROM blobs b JOIN submissions s ON s.id = b.submission_id
                WHERE s.id = $1 AND s.state = 'committed'
                ORDER BY b.kind = 'file', b.ordinal""").execute(Tuple.of(submission.value()))
                .map(rows -> list(rows, row -> new BlobInfo(new BlobId(row.getUUID("id")),
                        BlobKind.ofColumn(row.getString("kind")), row.getInteger("ordinal"),
                        row.getLong("sealed_size"), row.getBuffer("sealed_sha256").getBytes())))
                .compose(list -> list.isEmpty()
                        ? Future.failedFuture(new StoreException(NOT_FOUND, "no committed submission " + submission))
                        : Future.succeededFuture(list));
    }

    /**
     * A blob of a committed submission as a stream of its sealed chunks, fetched as the reader asks
     * for them (see {@link ChunkReadStream}); nothing is read until a handler is set. Call it from the
     * Vert.x context that will consume the stream. NOT_FOUND if the blob is not committed.
     */
    public Future<ReadStream<Buffer>> readBlob(BlobId blob) {
        Context context = vertx.getOrCreateContext();
        return sealedSize(blob).map(size -> new ChunkReadStream(context, index -> readChunk(blob, index), blob, size));
    }

    /**
     * As {@link #readBlob(BlobId)}, from byte {@code from} to the end: what a download that was cut
     * off asks for. The chunk rows before the one holding {@code from} are not read (their lengths
     * are summed in the database, which does not fetch the bytes for that). Fails with
     * {@link IllegalArgumentException} unless {@code 0 <= from < sealed size}.
     */
    public Future<ReadStream<Buffer>> readBlob(BlobId blob, long from) {
        if (from == 0) {
            return readBlob(blob);
        }
        Context context = vertx.getOrCreateContext();
        return sealedSize(blob).compose(size -> from < 0 || from >= size
                ? Future.failedFuture(new IllegalArgumentException("offset " + from + " is outside blob " + blob + " of " + size + " bytes"))
                : pool.preparedQuery("""
                        SELECT idx, at FROM (
                            SELECT idx, sum(octet_length(data)) OVER (ORDER BY idx) - octet_length(data) AS at,
                                   octet_length(data) AS length
                            FROM blob_chunks WHERE blob_id = $1) c
                        WHERE at + length > $2 ORDER BY idx LIMIT 1""").execute(Tuple.of(blob.value(), from))
                        .compose(rows -> rows.size() == 0
                                ? Future.failedFuture(new StoreException(StoreException.Reason.CORRUPT, "the chunks of blob "
                                        + blob + " end before its sealed size of " + size + " bytes"))
                                : Future.succeededFuture(new ChunkReadStream(context, index -> readChunk(blob, index), blob,
                                        size, rows.iterator().next().getInteger("idx"), rows.iterator().next().getLong("at"), from))));
    }

    /** A committed blob's sealed size in bytes. NOT_FOUND if the blob is not committed. */
    public Future<Long> sealedSize(BlobId blob) {
        return pool.preparedQuery("""
                SELECT b.sealed_size FROM blobs b JOIN submissions s ON s.id = b.submission_id
                WHERE b.id = $1 AND s.state = 'committed'""").execute(Tuple.of(blob.value()))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new StoreException(NOT_FOUND, "no committed blob " + blob))
                        : Future.succeededFuture(rows.iterator().next().getLong(0)));
    }

    // ---- receipts and replies

    /** The committed submission a receipt lookup leads to, if any. */
    public Future<Optional<ReceiptRecord>> findReceipt(byte[] lookup) {
        return pool.preparedQuery("""
                SELECT r.submission_id, s.received_on, r.reply_recipient
                FROM receipts r JOIN submissions s ON s.id = r.submission_id WHERE r.lookup = $1""")
                .execute(Tuple.of(Buffer.buffer(Bytes.nonEmpty(lookup, "lookup"))))
                .map(rows -> list(rows, row -> new ReceiptRecord(new SubmissionId(row.getUUID("submission_id")),
                        row.getLocalDate("received_on"), row.getString("reply_recipient"))).stream().findFirst());
    }

    /**
     * The deployment's secret of this name (32 random bytes), made on first use. Instances sharing
     * the database race to insert it; whichever wins, all read the same value.
     */
    public Future<byte[]> deploymentSecret(String name) {
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        return pool.preparedQuery("INSERT INTO deployment_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(name, Buffer.buffer(fresh)))
                .compose(r -> pool.preparedQuery("SELECT value FROM deployment_secrets WHERE name = $1").execute(Tuple.of(name)))
                .map(rows -> rows.iterator().next().getBuffer("value").getBytes());
    }

    /** Stores a sealed reply to a committed submission's defender, dated today. NOT_FOUND if not committed. */
    public Future<Void> addReply(SubmissionId submission, Buffer sealed, byte[] sealedSha256) {
        byte[] hash = Bytes.sha256(sealedSha256, "sealedSha256");
        return expectOne(update(pool, """
                INSERT INTO replies (submission_id, sent_on, sealed, sealed_sha256)
                SELECT id, $2, $3, $4 FROM submissions WHERE id = $1 AND state = 'committed'""",
                Tuple.of(submission.value(), today(), sealed, Buffer.buffer(hash))),
                NOT_FOUND, "no committed submission " + submission);
    }

    /**
     * The age recipient replies to a committed submission's defender are sealed to; empty for one
     * without (material added at a check-in). NOT_FOUND if the submission is not committed.
     */
    public Future<Optional<String>> replyRecipient(SubmissionId submission) {
        return pool.preparedQuery("""
                SELECT r.reply_recipient FROM submissions s LEFT JOIN receipts r ON r.submission_id = s.id
                WHERE s.id = $1 AND s.state = 'committed'""").execute(Tuple.of(submission.value()))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new StoreException(NOT_FOUND, "no committed submission " + submission))
                        : Future.succeededFuture(Optional.ofNullable(rows.iterator().next().getString(0))));
    }

    /** A submission's replies, oldest first (none for an unknown submission). */
    public Future<List<Reply>> replies(SubmissionId submission) {
        return pool.preparedQuery("SELECT sent_on, sealed, sealed_sha256 FROM replies WHERE submission_id = $1 ORDER BY id")
                .execute(Tuple.of(submission.value()))
                .map(rows -> list(rows, row -> new Reply(row.getLocalDate("sent_on"), row.getBuffer("sealed"),
                        row.getBuffer("sealed_sha256").getBytes())));
    }

    // ---- consent (SQL in ConsentRecords)

    /**
     * Stores a sealed consent event of a committed submission, dated today; returns its id (ids
     * increase: the latest event has the largest). NOT_FOUND if not committed. The caller appends
     * the custody event ({@link #appendEvent}) once this completes.
     */
    public Future<Long> addConsentEvent(SubmissionId submission, Buffer sealed, byte[] sealedSha256) {
        return consent.add("consent_events", "made_on", submission, sealed, sealedSha256);
    }

    /** A submission's sealed consent events, oldest first (none for an unknown submission). */
    public Future<List<SealedRecord>> consentEvents(SubmissionId submission) {
        return consent.list("consent_events", "made_on", submission);
    }

    /** Stores a sealed consent request to a committed submission's defender; CONFLICT if the same one is stored. */
    public Future<Long> addConsentRequest(SubmissionId submission, Buffer sealed, byte[] sealedSha256) {
        return consent.add("consent_requests", "sent_on", submission, sealed, sealedSha256);
    }

    /** A submission's sealed consent requests, oldest first. */
    public Future<List<SealedRecord>> consentRequests(SubmissionId submission) {
        return consent.list("consent_requests", "sent_on", submission);
    }

    // ---- the integrity log (SQL in IntegrityLog)

    /**
     * Appends a custody event leaf (a reviewer pulled a blob, a reply was posted, consent changed…)
     * in its own durable transaction: {@code kind} is 1 to 32 of [a-z_]; {@code detailsSha256} is the
     * SHA-256 of the event's sealed details. Returns the leaf's index. NOT_FOUND if not committed.
     */
    public Future<Long> appendEvent(SubmissionId submission, String kind, byte[] detailsSha256) {
        LeafFormat.checkEventKind(kind);
        return log.appendEvent(submission, kind, Bytes.sha256(detailsSha256, "detailsSha256"));
    }

    /** The number of leaves in the log. */
    public Future<Long> logSize() {
        return log.size();
    }

    /** Up to {@code limit} leaves from index {@code from}, in order. */
    public Future<List<LogLeaf>> logLeaves(long from, int limit) {
        return log.leaves(from, limit);
    }

    /** The stored leaf hashes of indexes [from, to), in order. */
    public Future<List<byte[]>> leafHashes(long from, long to) {
        return log.leafHashes(from, to);
    }

    /** The submission leaf of a submission, if it has one. */
    public Future<Optional<LogLeaf>> submissionLeaf(SubmissionId submission) {
        return log.submissionLeaf(submission);
    }

    /** Every leaf of a submission, in log order: its submission leaf, then its custody events. */
    public Future<List<LogLeaf>> submissionLeaves(SubmissionId submission) {
        return log.submissionLeaves(submission);
    }

    /** Stores a signed checkpoint; CONFLICT if one of this size or larger is stored (the log only grows). */
    public Future<Void> addCheckpoint(long size, byte[] root, String signedNote) {
        return log.addCheckpoint(size, root, signedNote);
    }

    public Future<Optional<StoredCheckpoint>> latestCheckpoint() {
        return log.latestCheckpoint();
    }

    /** Every stored checkpoint, smallest first. */
    public Future<List<StoredCheckpoint>> checkpoints() {
        return log.checkpoints();
    }

    /** A committed blob with its submission (to record who pulled what). NOT_FOUND if not committed. */
    public Future<SubmissionRow.Blob> committedBlob(BlobId blob) {
        return log.committedBlob(blob);
    }

    /** Every committed submission (for the sweep), by id. */
    public Future<List<SubmissionRow>> committedSubmissions() {
        return log.committedSubmissions();
    }

    /** Every blob of every committed submission (for the sweep): by submission, the manifest first. */
    public Future<List<SubmissionRow.Blob>> committedBlobs() {
        return log.committedBlobs();
    }

    /** Up to {@code limit} stored chunks of a blob from index {@code fromIndex}, in order, whatever its state. */
    public Future<List<SubmissionRow.Chunk>> chunks(BlobId blob, int fromIndex, int limit) {
        return log.chunks(pool, blob, fromIndex, limit);
    }

    // ---- reviewers and recipients (SQL in Roster)

    /** Adds an active reviewer; CONFLICT if an active reviewer has the same login key. */
    public Future<ReviewerId> addReviewer(String displayName, byte[] loginKeySpki) {
        return roster.addReviewer(displayName, loginKeySpki);
    }

    /** Every reviewer, active or not, in the order they were added (by day). */
    public Future<List<Reviewer>> reviewers() {
        return roster.reviewers();
    }

    public Future<Optional<Reviewer>> reviewer(ReviewerId id) {
        return roster.reviewer(id);
    }

    /** The active reviewer whose login key this is (DER SubjectPublicKeyInfo), if any. */
    public Future<Optional<Reviewer>> activeReviewerByLoginKey(byte[] loginKeySpki) {
        return roster.activeReviewerByLoginKey(loginKeySpki);
    }

    /** Deactivates a reviewer and, in the same transaction, their recipients. NOT_FOUND if unknown. */
    public Future<Void> deactivateReviewer(ReviewerId id) {
        return roster.deactivateReviewer(id);
    }

    /**
     * Adds an active recipient, optionally tied to an active reviewer ({@code reviewer} may be null).
     * CONFLICT if the same recipient is already active; NOT_FOUND if the reviewer is not active.
     */
    public Future<RecipientId> addRecipient(String recipient, String label, ReviewerId reviewer) {
        return roster.addRecipient(recipient, label, reviewer);
    }

    public Future<List<Recipient>> recipients() {
        return roster.recipients();
    }

    /** NOT_FOUND if unknown; deactivating an inactive recipient changes nothing. */
    public Future<Void> deactivateRecipient(RecipientId id) {
        return roster.deactivateRecipient(id);
    }

    /** The recipient strings new submissions are sealed to: every active recipient, oldest first. */
    public Future<List<String>> activeRecipients() {
        return roster.activeRecipients();
    }

    private Future<Buffer> readChunk(BlobId blob, int index) {
        return pool.preparedQuery("SELECT data FROM blob_chunks WHERE blob_id = $1 AND idx = $2")
                .execute(Tuple.of(blob.value(), index))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
