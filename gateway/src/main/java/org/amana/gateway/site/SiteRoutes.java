package org.amana.gateway.site;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amana.gateway.Limits;
import org.amana.gateway.integrity.DefenderProof;
import org.amana.gateway.integrity.LogRoutes;
import org.amana.gateway.ingest.CheckIn;
import org.amana.gateway.ingest.IngestException;
import org.amana.gateway.ingest.Intake;

/**
 * The submission site: server-rendered pages that need no JavaScript, in the language named by the
 * first path segment.
 *
 * <p>Uploads are never read by a body handler: the two multipart routes check the CSRF token from
 * the query string, then hand the untouched request to {@link Intake}, which streams it into
 * sealed storage. Only the small url-encoded check-in form is read whole, in memory, up to 8 KiB.
 * Nothing here reads the client's address or user agent, and there is no access log.
 */
public final class SiteRoutes {
  /** The check-in form: a receipt and a token; nothing bigger is ever read whole. */
  static final int SMALL_FORM_BYTES = 8192;

  private final Vertx vertx;
  private final Intake intake;
  private final CheckIn checkIn;
  private final Messages messages = Messages.load();
  private final Csrf csrf;
  private final LandingPage landingPage;
  private final SubmitPage submitPage;
  private final ReceiptPage receiptPage;
  private final DecisionPage decisionPage;
  private final CheckInPage checkInPage;
  private final ConsentPage consentPage;
  private final Errors errors;
  private final Limits limits;
  private final Buffer stylesheet = resource("site.css");
  private LogRoutes log;
  private DefenderProof proofs;

  public SiteRoutes(Vertx vertx, Intake intake, CheckIn checkIn, Limits limits, SecureRandom random) {
    this.vertx = vertx;
    this.intake = intake;
    this.checkIn = checkIn;
    this.csrf = new Csrf(random);
    this.limits = limits;
    Layout layout = new Layout(messages);
    this.landingPage = new LandingPage(layout);
    this.submitPage = new SubmitPage(layout, limits);
    this.receiptPage = new ReceiptPage(layout);
    this.decisionPage = new DecisionPage(layout);
    this.consentPage = new ConsentPage(layout, limits.maxFieldChars());
    this.checkInPage = new CheckInPage(layout, limits, consentPage);
    this.errors = new Errors(messages, new ErrorPage(layout, limits));
  }

  public SiteRoutes(Vertx vertx, Intake intake, CheckIn checkIn, Limits limits) {
    this(vertx, intake, checkIn, limits, new SecureRandom());
  }

  /** Also serves the integrity log's public paths (/log/checkpoint, /log/key). */
  public SiteRoutes withLog(LogRoutes routes) {
    this.log = routes;
    return this;
  }

  /** Offers the defender's offline proof at check-in (see {@link DefenderProof}). */
  public SiteRoutes withProofs(DefenderProof proofs) {
    this.proofs = proofs;
    return this;
  }

  /** The site map. */
  public Router routes() {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders()); // every response: no script, no cache, no referrer
    router.get("/").handler(ctx -> seeOther(ctx, "/en/"));
    router.get("/static/site.css").handler(this::stylesheet);
    if (log != null) log.mountPublic(router); // a stable public path, so outsiders can watch the log
    router.route().handler(this::knownLanguage); // else an English 404 linking every language
    router.get("/:lang/").handler(this::landing);
    router.get("/:lang").handler(ctx -> seeOther(ctx, "/" + text(ctx).language().code() + "/"));
    router.get("/:lang/submit").handler(this::submitForm);
    router.post("/:lang/submit").handler(this::submit); // streamed: no body handler
    router.post("/:lang/submit/decide").consumes("application/x-www-form-urlencoded")
        .handler(BodyHandler.create(false).setBodyLimit(SMALL_FORM_BYTES)).handler(this::decide);
    router.post("/:lang/submit/cancel").consumes("application/x-www-form-urlencoded")
        .handler(BodyHandler.create(false).setBodyLimit(SMALL_FORM_BYTES)).handler(this::cancel);
    router.get("/:lang/check-in").handler(this::checkInForm);
    router.post("/:lang/check-in").consumes("application/x-www-form-urlencoded")
        .handler(BodyHandler.create(false).setBodyLimit(SMALL_FORM_BYTES)).handler(this::visit);
    router.post("/:lang/check-in/add").handler(this::addMaterial); // streamed: no body handler
    if (proofs != null) {
      router.post("/:lang/check-in/proof").consumes("application/x-www-form-urlencoded")
          .handler(BodyHandler.create(false).setBodyLimit(SMALL_FORM_BYTES)).handler(this::proof);
    }
    for (String change : List.of("consent", "withdraw", "answer")) {
      router.post("/:lang/check-in/" + change).consumes("application/x-www-form-urlencoded")
          .handler(BodyHandler.create(false).setBodyLimit(SMALL_FORM_BYTES)).handler(ctx -> consent(ctx, change));
    }
    router.route().handler(errors::notFound);
    router.route().failureHandler(errors::failure); // the one error handler: a translated page, no details
    return router;
  }

  /**
   * For requests Vert.x refuses before routing (a header block over the limit, a broken request
   * line): the translated "could not be read" page with the site's headers, not a bare status.
   */
  public io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> invalidRequests() {
    return request -> {
      Throwable cause = request.decoderResult().cause();
      int status = cause instanceof io.netty.handler.codec.TooLongFrameException ? 431 : 400;
      var response = request.response();
      SecurityHeaders.apply(response.headers());
      response.endHandler(v -> request.connection().close());
      response.setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Connection", "close")
          .end(errors.page(messages.forPath(request.path()), "malformed"));
    };
  }

  private void landing(RoutingContext ctx) {
    Responses.html(ctx, 200, landingPage.render(text(ctx)));
  }

  private void submitForm(RoutingContext ctx) {
    Responses.html(ctx, 200, submitPage.render(text(ctx), csrf.issue(ctx)));
  }

  private void submit(RoutingContext ctx) {
    if (!csrf.queryMatches(ctx)) {
      ctx.fail(403); // before a byte of the body is read
      return;
    }
    intake.submit(ctx.request()).onSuccess(outcome -> show(ctx, outcome, false)).onFailure(ctx::fail);
  }

  /** The receipt, or, when some files could not be cleaned, the page that asks what to do with them. */
  private void show(RoutingContext ctx, Intake.Outcome outcome, boolean addition) {
    switch (outcome) {
      case Intake.Accepted a when addition -> Responses.html(ctx, 200, receiptPage.added(text(ctx), a));
      case Intake.Accepted a -> Responses.html(ctx, 200, receiptPage.render(text(ctx), a));
      case Intake.NeedsDecision d -> Responses.html(ctx, 200, decisionPage.render(text(ctx), d, csrf.issue(ctx)));
    }
  }

  private void decide(RoutingContext ctx) {
    if (!csrf.formMatches(ctx)) {
      ctx.fail(403);
      return;
    }
    Set<Integer> send = new HashSet<>();
    for (String name : ctx.request().formAttributes().names()) {
      if (name.startsWith("send_") && "yes".equals(ctx.request().getFormAttribute(name))) {
        try {
          send.add(Integer.parseInt(name.substring(5)));
        } catch (NumberFormatException ignored) {
          // not one of ours: nothing to send
        }
      }
    }
    intake.decide(ctx.request().getFormAttribute("pending"), send)
        .onSuccess(a -> show(ctx, a, !a.newReceipt())).onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    if (!csrf.formMatches(ctx)) {
      ctx.fail(403);
      return;
    }
    intake.cancel(ctx.request().getFormAttribute("pending"))
        .onSuccess(v -> Responses.html(ctx, 200, decisionPage.cancelled(text(ctx))))
        .onFailure(ctx::fail);
  }

  private void checkInForm(RoutingContext ctx) {
    Responses.html(ctx, 200, checkInPage.form(text(ctx), csrf.issue(ctx), false));
  }

  private void visit(RoutingContext ctx) {
    if (!csrf.formMatches(ctx)) {
      ctx.fail(403);
      return;
    }
    String receipt = ctx.request().getFormAttribute("receipt");
    String token = csrf.issue(ctx);
    checkIn.visit(receipt == null ? "" : receipt)
        .onSuccess(found -> Responses.html(ctx, 200, found
            .map(visit -> checkInPage.visit(text(ctx), visit, token, proofs != null))
            .orElseGet(() -> checkInPage.form(text(ctx), token, true))))
        .onFailure(ctx::fail);
  }

  /** The proof file, as a download: never shown in the page, so it stays out of the browser's history of pages. */
  private void proof(RoutingContext ctx) {
    if (!csrf.formMatches(ctx)) {
      ctx.fail(403);
      return;
    }
    String visit = ctx.request().getFormAttribute("visit");
    proofs.forVisit(visit == null ? "" : visit).onSuccess(p -> {
      if (p.isEmpty()) {
        ctx.fail(new IngestException(IngestException.Reason.UNKNOWN_CHECK_IN));
        return;
      }
      ctx.response().putHeader("Content-Type", "application/octet-stream")
          .putHeader("Content-Disposition", "attachment; filename=\"amana-proof.json\"").end(p.get());
    }).onFailure(ctx::fail);
  }

  private void addMaterial(RoutingContext ctx) {
    if (!csrf.queryMatches(ctx)) {
      ctx.fail(403); // before a byte of the body is read
      return;
    }
    List<String> visit = ctx.queryParam("visit");
    if (visit.size() != 1 || visit.get(0).isEmpty()) {
      ctx.fail(new IngestException(IngestException.Reason.UNKNOWN_CHECK_IN));
      return;
    }
    intake.addMaterial(ctx.request(), visit.get(0)).onSuccess(outcome -> show(ctx, outcome, true)).onFailure(ctx::fail);
  }

  /** A consent change from the visit page; the form's own fields name the change (ConsentPage). */
  private void consent(RoutingContext ctx, String kind) {
    if (!csrf.formMatches(ctx)) {
      ctx.fail(403);
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    CheckIn.Change change;
    try {
      change = ConsentChanges.read(kind, form, limits.maxFieldChars());
    } catch (IllegalArgumentException e) {
      ctx.fail(new IngestException(IngestException.Reason.MALFORMED));
      return;
    }
    int seen;
    try {
      seen = form.get("seen") == null ? -1 : Integer.parseInt(form.get("seen"));
    } catch (NumberFormatException e) {
      ctx.fail(new IngestException(IngestException.Reason.MALFORMED));
      return;
    }
    checkIn.consent(form.get("visit"), change, seen)
        .onSuccess(v -> Responses.html(ctx, 200, consentPage.recorded(text(ctx), ConsentChanges.after(change))))
        .onFailure(ctx::fail);
  }

  /** A first path segment that names no language: an English page that links to every language. */
  private void knownLanguage(RoutingContext ctx) {
    if (messages.in(Messages.firstSegment(ctx.normalizedPath())).isPresent()) {
      ctx.next();
    } else {
      errors.notFound(ctx);
    }
  }

  private void stylesheet(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/css; charset=utf-8").end(stylesheet);
  }

  private Text text(RoutingContext ctx) {
    return messages.forPath(ctx.normalizedPath());
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  private static Buffer resource(String name) {
    try (InputStream in = SiteRoutes.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
