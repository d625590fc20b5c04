package org.amana.storage;

import static org.amana.storage.StoreIngestTest.assertNotFound;
import static org.amana.storage.StoreIngestTest.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StoreReceiptsAndRosterTest {

    private static final LocalDate DAY = LocalDate.of(2030, 5, 17);

    private static EmbeddedDatabase db;
    private static Store store;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        db = TestDatabase.start("receipts-roster");
        store = Store.connect(vertx, db.config(), new MutableClock(Instant.parse("2030-05-17T12:34:56Z"))).await();
    }

    @AfterAll
    static void stop() throws Exception {
        store.close().await();
        db.close();
    }

    @Test
    void findReceipt_afterCommit_findsTheSubmissionAndItsReplyRecipient() {
        SubmissionId submission = committedSubmission(new byte[] {1, 2, 3}, "age1replyone");
        assertEquals(Optional.of(new ReceiptRecord(submission, DAY, "age1replyone")), store.findReceipt(new byte[] {1, 2, 3}).await());
        assertEquals(Optional.empty(), store.findReceipt(new byte[] {1, 2, 4}).await());
        SubmissionSummary summary = store.listCommitted().await().stream()
                .filter(s -> s.id().equals(submission)).findFirst().orElseThrow();
        assertEquals(DAY, summary.receivedOn());
        assertEquals("age1replyone", summary.replyRecipient());
        assertEquals(0, summary.fileCount());
    }

    @Test
    void replies_afterTwoAddReply_returnsBothOldestFirstWithTheirDay() {
        SubmissionId submission = committedSubmission(new byte[] {5}, "age1replytwo");
        Buffer first = Sealed.bytes(1, 500);
        Buffer second = Sealed.bytes(2, 70_000);
        store.addReply(submission, first, Sealed.sha256(first)).await();
        store.addReply(submission, second, Sealed.sha256(second)).await();

        List<Reply> replies = store.replies(submission).await();
        assertEquals(List.of(new Reply(DAY, first, Sealed.sha256(first)), new Reply(DAY, second, Sealed.sha256(second))), replies);
        assertEquals(List.of(), store.replies(SubmissionId.random()).await());
    }

    @Test
    void addReply_toAReceivingSubmission_isNotFound() {
        SubmissionId receiving = store.beginSubmission().await();
        Buffer reply = Sealed.bytes(3, 10);
        assertNotFound(() -> store.addReply(receiving, reply, Sealed.sha256(reply)).await());
    }

    @Test
    void consentEventsAndRequests_added_listedInOrderWithDayAndEventsCannotBeRewritten() {
        SubmissionId submission = committedSubmission(new byte[] {6}, "age1replythree");
        Buffer given = Sealed.bytes(4, 300);
        Buffer withdrawn = Sealed.bytes(5, 300);
        long a = store.addConsentEvent(submission, given, Sealed.sha256(given)).await();
        long b = store.addConsentEvent(submission, withdrawn, Sealed.sha256(withdrawn)).await();
        List<SealedRecord> events = store.consentEvents(submission).await();
        assertEquals(List.of(a, b), events.stream().map(SealedRecord::id).toList());
        assertEquals(withdrawn, events.get(1).sealed());
        assertEquals(DAY, events.get(1).day());
        Buffer request = Sealed.bytes(6, 200);
        store.addConsentRequest(submission, request, Sealed.sha256(request)).await();
        assertEquals(request, store.consentRequests(submission).await().getFirst().sealed());
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> store.consentRequests(submission)
                .compose(x -> store.addConsentRequest(submission, request, Sealed.sha256(request))).await(), "stored once");
        SubmissionId receiving = store.beginSubmission().await();
        assertNotFound(() -> store.addConsentEvent(receiving, given, Sealed.sha256(given)).await());
    }

    @Test
    void reviewers_addFindDeactivate_roundTripAndDeactivateTheirRecipients() {
        byte[] key = {0x30, 0x59, 1, 2};
        ReviewerId amira = store.addReviewer("Amira", key).await();
        RecipientId token = store.addRecipient("age1tag1amira", "Amira's YubiKey", amira).await();

        Reviewer found = store.reviewer(amira).await().orElseThrow();
        assertEquals(new Reviewer(amira, "Amira", key, true, DAY), found);
        assertEquals(Optional.of(found), store.activeReviewerByLoginKey(key).await());
        assertTrue(store.reviewers().await().contains(found));
        assertEquals(StoreException.Reason.CONFLICT, failure(() -> store.addReviewer("Amira again", key).await()).reason());
        assertTrue(store.activeRecipients().await().contains("age1tag1amira"));

        store.deactivateReviewer(amira).await();

        assertFalse(store.reviewer(amira).await().orElseThrow().active());
        assertEquals(Optional.empty(), store.activeReviewerByLoginKey(key).await());
        assertFalse(store.activeRecipients().await().contains("age1tag1amira"));
        assertFalse(store.recipients().await().stream().filter(r -> r.id().equals(token)).findFirst().orElseThrow().active());
        assertNotFound(() -> store.addRecipient("age1tag1other", "", amira).await());
        store.addReviewer("Amira, new term", key).await(); // the key is free again
        assertNotFound(() -> store.deactivateReviewer(ReviewerId.random()).await());
    }

    @Test
    void recipients_addListDeactivate_roundTrip() {
        RecipientId recovery = store.addRecipient("age1recovery", "recovery key in the safe", null).await();
        assertEquals(StoreException.Reason.CONFLICT,
                failure(() -> store.addRecipient("age1recovery", "twice", null).await()).reason());
        Recipient listed = store.recipients().await().stream().filter(r -> r.id().equals(recovery)).findFirst().orElseThrow();
        assertEquals(new Recipient(recovery, "age1recovery", "recovery key in the safe", Optional.empty(), true, DAY), listed);
        assertTrue(store.activeRecipients().await().contains("age1recovery"));

        store.deactivateRecipient(recovery).await();

        assertFalse(store.activeRecipients().await().contains("age1recovery"));
        store.addRecipient("age1recovery", "re-enrolled", null).await();
        assertNotFound(() -> store.deactivateRecipient(RecipientId.random()).await());
    }

    @Test
    void deploymentSecret_askedTwice_sameRandom32Bytes() {
        byte[] first = store.deploymentSecret("test-key").await();
        assertEquals(32, first.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, store.deploymentSecret("test-key").await());
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(first, store.deploymentSecret("other-key").await()));
    }

    @Test
    void commit_followUpWithoutReceipt_visibleButFindsNoReceipt() {
        SubmissionId followUp = committedSubmission(null, null);
        org.junit.jupiter.api.Assertions.assertTrue(store.listCommitted().await().stream().anyMatch(s -> s.id().equals(followUp)));
    }

    private static SubmissionId committedSubmission(byte[] lookup, String replyRecipient) {
        SubmissionId submission = store.beginSubmission().await();
        Buffer manifest = Sealed.bytes(lookup == null ? 9 : lookup[0], 200);
        store.commit(submission, manifest, Sealed.sha256(manifest), lookup, replyRecipient, new byte[32]).await();
        byte[] stored = store.blobs(submission).await().getFirst().sealedSha256();
        assertArrayEquals(Sealed.sha256(manifest), stored);
        return submission;
    }
}
