package org.amana.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.amana.gateway.integrity.LogRoutes;
import org.amana.gateway.integrity.SubmissionLog;
import org.amana.storage.BlobId;
import org.amana.storage.BlobInfo;
import org.amana.storage.LeafFormat;
import org.amana.storage.LogLeaf;
import org.amana.storage.SealedRecord;
import org.amana.gateway.ingest.Consents;
import org.amana.storage.Store;
import org.amana.storage.StoreException;
import org.amana.storage.SubmissionId;
import org.amana.storage.SubmissionSummary;

/**
 * The reviewer API, on its own listener (loopback by default; expose it only through an onion
 * service with client authorization). It serves sealed bytes only: opening them needs a
 * reviewer's token, which never comes near this server.
 *
 * <pre>
 * POST /api/v1/login/challenge              → {"challenge": …}
 * POST /api/v1/login {loginKey, challenge, signature} → {"session": …}
 * GET  /api/v1/submissions                  → [{id, receivedOn, files, sealedSize, replyRecipient}]
 * GET  /api/v1/submissions/:id/blobs        → [{id, kind, ordinal, sealedSize, sealedSha256}]
 * GET  /api/v1/submissions/:id/log          → the submission's leaves with inclusion proofs against a freshly
 *                                             signed checkpoint (see SubmissionLog): what 'console verify' checks
 * GET  /api/v1/submissions/:id/events       → [{index, kind, day}]: the custody events the log holds for it
 * GET  /api/v1/blobs/:id                    → the sealed bytes (age), streamed; with
 *                                             "Range: bytes=N-", 206 and the bytes from N on (resumes a download)
 * POST /api/v1/submissions/:id/replies      ← a sealed reply (age, at most 1 MiB); 409 if the submission has no reply recipient
 * GET  /api/v1/submissions/:id/consent      → [{id, day, sealed (base64), sealedSha256}]: the consent events, oldest first
 * POST /api/v1/submissions/:id/consent-requests ← a sealed consent request (to the reply key); 409 without one
 * POST /api/v1/submissions/:id/actions?kind=K   ← a reviewer's action or refusal (K: exported, raised, published,
 *                                             contacted, refused), its details sealed; → {"leaf": N} in the integrity log
 * GET  /log/…, /health/integrity           → see LogRoutes (no session: hashes and signed notes only)
 * </pre>
 */
public final class ReviewerApi {
  private final Vertx vertx;
  private final Store store;
  private final ReviewerAuth auth;
  private final Replies replies;
  private final ReviewerRecords reviewerRecords;
  private LogRoutes log;

  public ReviewerApi(Vertx vertx, Store store, byte[] tokenKey, Clock clock, SecureRandom random) {
    this.vertx = vertx;
    this.store = store;
    this.auth = new ReviewerAuth(new SignedTokens(tokenKey, clock), store, random);
    this.replies = new Replies(store);
    this.reviewerRecords = new ReviewerRecords(store, replies);
  }

  /** Also serves the integrity log's paths (see {@link LogRoutes}). */
  public ReviewerApi withLog(LogRoutes routes) {
    this.log = routes;
    return this;
  }

  public Router routes() {
    Router r = Router.router(vertx);
    r.route().handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    r.post("/api/v1/login/challenge").handler(ctx -> json(ctx, new JsonObject().put("challenge", auth.challenge())));
    r.post("/api/v1/login").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::login);
    // Read before the session check, which is asynchronous: a body arriving while it runs would be lost.
    r.post("/api/v1/submissions/:id/replies").handler(BodyHandler.create(false).setBodyLimit(Replies.MAX_BYTES));
    r.post("/api/v1/submissions/:id/consent-requests").handler(BodyHandler.create(false).setBodyLimit(Consents.MAX_SEALED));
    r.post("/api/v1/submissions/:id/actions").handler(BodyHandler.create(false).setBodyLimit(Consents.MAX_SEALED));
    if (log != null) log.mountApi(r); // outside /api/v1: public checkpoints and proofs, the operator's health signal
    r.route("/api/v1/*").handler(this::requireSession);
    r.get("/api/v1/submissions").handler(ctx -> store.listCommitted().onSuccess(list -> json(ctx, submissions(list))).onFailure(ctx::fail));
    r.get("/api/v1/submissions/:id/blobs").handler(this::blobs);
    r.get("/api/v1/submissions/:id/log").handler(this::log);
    r.get("/api/v1/submissions/:id/events").handler(this::events);
    r.get("/api/v1/blobs/:id").handler(this::blob);
    r.post("/api/v1/submissions/:id/replies").handler(this::reply);
    r.get("/api/v1/submissions/:id/consent").handler(this::consentEvents);
    r.post("/api/v1/submissions/:id/consent-requests").handler(this::consentRequest);
    r.post("/api/v1/submissions/:id/actions").handler(this::action);
    r.route().failureHandler(this::failure);
    return r;
  }

  private void login(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, 400, "send JSON: {loginKey, challenge, signature}");
      return;
    }
    auth.login(body.getString("loginKey"), body.getString("challenge"), body.getString("signature"))
        .onSuccess(session -> {
          if (session.isPresent()) json(ctx, new JsonObject().put("session", session.get()));
          else error(ctx, 401, "login refused: the challenge expired, the signature is wrong, or this key is not an enrolled reviewer");
        })
        .onFailure(ctx::fail);
  }

  private void requireSession(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
    var reviewer = auth.session(token);
    if (reviewer.isEmpty()) {
      error(ctx, 401, "log in first (POST /api/v1/login)");
      return;
    }
    // A reviewer the operator removed loses access at once, not when the session expires.
    store.reviewer(reviewer.get()).onSuccess(r -> {
      if (r.isPresent() && r.get().active()) ctx.next();
      else error(ctx, 401, "this reviewer was removed; ask the operator");
    }).onFailure(ctx::fail);
  }

  private void blobs(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    store.blobs(id).onSuccess(list -> {
      JsonArray out = new JsonArray();
      for (BlobInfo b : list) {
        out.add(new JsonObject().put("id", b.id().toString()).put("kind", b.kind().name().toLowerCase(java.util.Locale.ROOT))
            .put("ordinal", b.ordinal()).put("sealedSize", b.sealedSize()).put("sealedSha256", HexFormat.of().formatHex(b.sealedSha256())));
      }
      json(ctx, out);
    }).onFailure(ctx::fail);
  }

  private void log(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    if (log == null) {
      error(ctx, 404, "this gateway keeps no integrity log");
      return;
    }
    SubmissionLog.material(vertx, store, log.log(), id).onSuccess(m -> {
      if (m.isPresent()) json(ctx, m.get());
      else error(ctx, 404, "no log leaf for this submission");
    }).onFailure(ctx::fail);
  }

  private void events(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    store.submissionLeaves(id).onSuccess(leaves -> {
      JsonArray out = new JsonArray();
      for (LogLeaf l : leaves) {
        LeafFormat.Decoded d = LeafFormat.decode(l.data());
        if (!d.isSubmission()) out.add(new JsonObject().put("index", l.index()).put("kind", d.eventKind()).put("day", d.day().toString()));
      }
      json(ctx, out);
    }).onFailure(ctx::fail);
  }

  private void blob(RoutingContext ctx) {
    BlobId id = parse(ctx, () -> BlobId.parse(ctx.pathParam("id")));
    if (id == null) return;
    // Custody: every pull (a resumed one too) is in the log before a byte leaves, so none goes unrecorded.
    store.committedBlob(id)
        .compose(b -> store.appendEvent(b.submission(), "pulled", b.info().sealedSha256()).map(b.info().sealedSize()))
        .compose(size -> switch (ByteRange.of(ctx.request().getHeader("Range"), size)) {
      case ByteRange.Unsatisfiable u -> {
        ctx.response().putHeader("Content-Range", "bytes */" + size);
        error(ctx, 416, "the range is malformed or starts past the end of the blob (" + size + " bytes)");
        yield Future.succeededFuture();
      }
      case ByteRange.From f when f.first() > 0 -> store.readBlob(id, f.first()).map(stream -> send(ctx.response().setStatusCode(206)
          .putHeader("Content-Range", "bytes " + f.first() + "-" + (size - 1) + "/" + size), stream));
      default -> store.readBlob(id).map(stream -> send(ctx.response(), stream));
    }).onFailure(ctx::fail);
  }

  private static Void send(HttpServerResponse res, ReadStream<Buffer> stream) {
    res.putHeader("Content-Type", "application/octet-stream").putHeader("Accept-Ranges", "bytes").setChunked(true);
    stream.pipeTo(res); // back-pressure: the database is read as fast as the reviewer downloads
    return null;
  }

  private void reply(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    replies.accept(id, ctx.body().buffer()).onSuccess(stored -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void consentEvents(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    // replyRecipient fails NOT_FOUND for a submission that is not committed: no empty list that hides a wrong id.
    store.replyRecipient(id).compose(r -> store.consentEvents(id)).onSuccess(list -> {
      JsonArray out = new JsonArray();
      for (SealedRecord e : list) {
        out.add(new JsonObject().put("id", e.id()).put("day", e.day().toString())
            .put("sealed", java.util.Base64.getEncoder().encodeToString(e.sealed().getBytes()))
            .put("sealedSha256", HexFormat.of().formatHex(e.sealedSha256())));
      }
      json(ctx, out);
    }).onFailure(ctx::fail);
  }

  private void consentRequest(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    reviewerRecords.request(id, ctx.body().buffer()).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void action(RoutingContext ctx) {
    SubmissionId id = parse(ctx, () -> SubmissionId.parse(ctx.pathParam("id")));
    if (id == null) return;
    reviewerRecords.action(id, ctx.request().getParam("kind"), ctx.body().buffer())
        .onSuccess(leaf -> json(ctx, new JsonObject().put("leaf", leaf))).onFailure(ctx::fail);
  }

  private static JsonArray submissions(java.util.List<SubmissionSummary> list) {
    JsonArray out = new JsonArray();
    for (SubmissionSummary s : list) {
      out.add(new JsonObject().put("id", s.id().toString()).put("receivedOn", s.receivedOn().toString())
          .put("files", s.fileCount()).put("sealedSize", s.sealedSize()).put("replyRecipient", s.replyRecipient()));
    }
    return out;
  }

  private void failure(RoutingContext ctx) {
    if (ctx.failure() instanceof StoreException e && e.reason() == StoreException.Reason.NOT_FOUND) error(ctx, 404, "not found");
    else if (ctx.failure() instanceof Replies.Refused r) error(ctx, switch (r.problem) {
      case NOT_SEALED -> 400;
      case TOO_LARGE -> 413;
      case NO_REPLY_RECIPIENT -> 409;
    }, r.getMessage());
    else if (ctx.failure() instanceof IllegalArgumentException e) error(ctx, 400, e.getMessage());
    else if (ctx.statusCode() == 413) error(ctx, 413, "too large");
    else error(ctx, ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : 500, "the request failed");
  }

  private static <T> T parse(RoutingContext ctx, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "malformed id");
      return null;
    }
  }

  private static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).toString());
  }

}
