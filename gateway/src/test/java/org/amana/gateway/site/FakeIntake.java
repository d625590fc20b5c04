package org.amana.gateway.site;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.amana.gateway.ingest.IngestException;
import org.amana.gateway.ingest.Intake;
import org.amana.gateway.ingest.MetadataOutcome;
import org.amana.gateway.strip.Category;

/** An intake that reads the body and returns a canned receipt, or fails as told; counts its calls. */
final class FakeIntake implements Intake {
  static final String RECEIPT = "1234 5678 9012 3456 7890";
  static final String HOSTILE_NAME = "<script>alert('x')</script>\"&.jpg";
  static final String BIDI_NAME = "invoice\u202Egpj.exe";
  static final Accepted ACCEPTED = new Accepted(RECEIPT, List.of(
      new AcceptedFile(1, HOSTILE_NAME, "image/jpeg", 1_536_000, MetadataOutcome.cleaned(Set.of(Category.LOCATION, Category.DEVICE))),
      new AcceptedFile(2, BIDI_NAME, "application/pdf", 512, MetadataOutcome.kept())), true);

  final AtomicInteger submits = new AtomicInteger();
  final AtomicInteger adds = new AtomicInteger();
  volatile String lastCheckInToken;
  volatile Function<HttpServerRequest, Future<Outcome>> behaviour = accept(ACCEPTED);

  static Function<HttpServerRequest, Future<Outcome>> accept(Accepted accepted) {
    return request -> request.body().map(body -> (Outcome) accepted);
  }

  static Function<HttpServerRequest, Future<Outcome>> fail(IngestException.Reason reason) {
    return request -> Future.failedFuture(new IngestException(reason));
  }

  static Function<HttpServerRequest, Future<Outcome>> fail(RuntimeException e) {
    return request -> Future.failedFuture(e);
  }

  @Override
  public Future<Outcome> submit(HttpServerRequest request) {
    submits.incrementAndGet();
    return behaviour.apply(request);
  }

  @Override
  public Future<Accepted> decide(String token, Set<Integer> sendAsTheyAre) {
    return Future.failedFuture(new IngestException(IngestException.Reason.DECISION_EXPIRED));
  }

  @Override
  public Future<Void> cancel(String token) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Outcome> addMaterial(HttpServerRequest request, String checkInToken) {
    adds.incrementAndGet();
    lastCheckInToken = checkInToken;
    return behaviour.apply(request);
  }
}
