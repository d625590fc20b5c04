package org.amana.gateway.site;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.amana.gateway.ingest.CheckIn;
import org.amana.gateway.ingest.IngestException;
import org.amana.gateway.ingest.Receipts;

/** Knows one receipt; its visit has a hostile reply and a token that needs URL encoding. */
final class FakeCheckIn implements CheckIn {
  static final String KNOWN = "12345678901234567890";
  static final String TOKEN = "v1.ab+c/d=&e";
  static final String HOSTILE_REPLY = "<b>Thank you</b> & \"welcome\" 'back'\n\u202Eline two";
  static final Visit VISIT = new Visit(TOKEN, "2025-03-14", List.of(new Reply("2025-03-20", HOSTILE_REPLY, true), new Reply("2025-03-21", "", false)));

  final AtomicInteger visits = new AtomicInteger();
  volatile IngestException.Reason failWith;

  @Override
  public Future<Optional<Visit>> visit(String typedReceipt) {
    visits.incrementAndGet();
    if (failWith != null) return Future.failedFuture(new IngestException(failWith));
    boolean known = Receipts.normalize(typedReceipt).filter(KNOWN::equals).isPresent();
    return Future.succeededFuture(known ? Optional.of(VISIT) : Optional.empty());
  }
}
