package org.amana.gateway.integrity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The log's HTTP face.
 *
 * <pre>
 * site and API:  GET /log/checkpoint  → the newest signed checkpoint (C2SP tlog-checkpoint signed note), text/plain
 *                GET /log/key         → the log's verifier key, NAME+KEYID+BASE64, text/plain
 * API only:      GET /log/proof/inclusion?index=N&amp;size=M   → {"index", "size", "proof": [base64…]}
 *                GET /log/proof/consistency?from=A&amp;to=B    → {"from", "to", "proof": [base64…]}
 *                GET /health/integrity  → {"ok", "lastSweep" (a day), "findings", "leaves"}; 503 when a sweep found problems
 * </pre>
 *
 * Proofs carry only hashes of sealed data: nothing in them identifies or opens a submission.
 */
public final class LogRoutes {
  private final Log log;
  private final AtomicReference<SweepReport> lastSweep;

  public LogRoutes(Log log, AtomicReference<SweepReport> lastSweep) {
    this.log = log;
    this.lastSweep = lastSweep;
  }

  /** The log these routes serve. */
  public Log log() {
    return log;
  }

  /** What the public site serves: outsiders watch the log through these. */
  public void mountPublic(Router r) {
    r.get("/log/checkpoint").handler(this::checkpoint);
    r.get("/log/key").handler(ctx -> text(ctx, 200, log.verifier().encoded() + "\n"));
  }

  /** The reviewer API's: the public paths, proofs, and the operator's health signal. */
  public void mountApi(Router r) {
    mountPublic(r);
    r.get("/log/proof/inclusion").handler(this::inclusion);
    r.get("/log/proof/consistency").handler(this::consistency);
    r.get("/health/integrity").handler(this::health);
  }

  private void checkpoint(RoutingContext ctx) {
    log.checkpointNote().onSuccess(note -> {
      if (note.isPresent()) text(ctx, 200, note.get());
      else text(ctx, 404, "no checkpoint has been signed yet\n");
    }).onFailure(e -> text(ctx, 503, "the log is unavailable\n"));
  }

  private void inclusion(RoutingContext ctx) {
    long index = number(ctx, "index");
    long size = number(ctx, "size");
    if (index < 0 || size < 0) return;
    log.inclusion(index, size)
        .onSuccess(proof -> json(ctx, 200, new JsonObject().put("index", index).put("size", size).put("proof", hashes(proof))))
        .onFailure(e -> failed(ctx, e));
  }

  private void consistency(RoutingContext ctx) {
    long from = number(ctx, "from");
    long to = number(ctx, "to");
    if (from < 0 || to < 0) return;
    log.consistency(from, to)
        .onSuccess(proof -> json(ctx, 200, new JsonObject().put("from", from).put("to", to).put("proof", hashes(proof))))
        .onFailure(e -> failed(ctx, e));
  }

  private void health(RoutingContext ctx) {
    SweepReport r = lastSweep.get();
    JsonObject body = r == null ? new JsonObject().put("ok", true).put("lastSweep", (String) null).put("findings", 0)
        : new JsonObject().put("ok", r.ok()).put("lastSweep", r.day().toString()).put("findings", r.findings().size())
            .put("leaves", r.leaves());
    json(ctx, r == null || r.ok() ? 200 : 503, body);
  }

  private static long number(RoutingContext ctx, String name) {
    List<String> v = ctx.queryParam(name);
    try {
      long n = v.size() == 1 && v.get(0).length() <= 19 ? Long.parseLong(v.get(0)) : -1;
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // answered below
    }
    json(ctx, 400, new JsonObject().put("error", "give " + name + " as one whole number >= 0"));
    return -1;
  }

  private static void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof IllegalArgumentException) json(ctx, 400, new JsonObject().put("error", e.getMessage()));
    else json(ctx, 503, new JsonObject().put("error", "the log is unavailable"));
  }

  private static JsonArray hashes(List<byte[]> proof) {
    JsonArray a = new JsonArray();
    proof.forEach(h -> a.add(Base64.getEncoder().encodeToString(h)));
    return a;
  }

  private static void text(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(body);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
