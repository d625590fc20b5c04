package org.amana.gateway.site;

import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentRequest;
import org.amana.gateway.ingest.CheckIn.Change;
import org.amana.gateway.ingest.Manifest;

/** Reads a consent change from the check-in's forms; fails with IllegalArgumentException on anything malformed. */
final class ConsentChanges {
  private ConsentChanges() {}

  static Change read(String kind, MultiMap form, int maxFieldChars) {
    for (String name : form.names()) {
      if (form.get(name).length() > Math.max(maxFieldChars, 4096)) throw new IllegalArgumentException("field too long");
    }
    return switch (kind) {
      case "consent" -> new Change.Answers(Manifest.consent(form, LocalDate.now(ZoneOffset.UTC)));
      case "withdraw" -> new Change.Withdrawal();
      case "answer" -> {
        String before = form.get("before");
        String answer = form.get("answer");
        if (!"yes".equals(answer) && !"no".equals(answer)) throw new IllegalArgumentException("no answer");
        // Only the request's id and what it asks are needed to answer it; its day and text stay sealed.
        ConsentRequest r = new ConsentRequest(form.get("request"), Consent.value(ConsentRequest.Action.class, form.get("action")),
            LocalDate.EPOCH, "");
        yield new Change.Answer(before == null || before.isEmpty() ? null : Consent.parse(before), r, "yes".equals(answer));
      }
      default -> throw new IllegalArgumentException("unknown change");
    };
  }

  /** The consent on record once {@code change} is recorded; null when withdrawn. */
  static Consent after(Change change) {
    return switch (change) {
      case Change.Answers a -> a.consent();
      case Change.Withdrawal w -> null;
      case Change.Answer a -> !a.yes() ? a.before()
          : a.request().action().grant(a.before() == null ? Consent.mostProtective() : a.before());
    };
  }
}
