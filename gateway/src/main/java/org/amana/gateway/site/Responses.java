package org.amana.gateway.site;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Sending a page, and letting go of a request whose body the site will not read. */
final class Responses {
  /** How much of an unwanted body is read and thrown away so the refusal page arrives cleanly. */
  static final int LINGER_BYTES = 64 * 1024;
  static final long LINGER_MILLIS = 5_000;

  private Responses() {}

  static void html(RoutingContext ctx, int status, String page) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) return;
    HttpServerRequest request = ctx.request();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    SecurityHeaders.apply(response.headers()); // again: a failure may come from code that touched them
    response.setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8");
    boolean unread = request.method() != HttpMethod.GET && !request.isEnded();
    if (unread) response.putHeader("Connection", "close");
    response.end(page);
    if (unread) linger(ctx);
  }

  /**
   * A refused upload: its body is neither handed on nor kept. Up to {@link #LINGER_BYTES} are read
   * and dropped so that a small form's refusal page is not lost to a TCP reset; then, or when the
   * body ends, or after {@link #LINGER_MILLIS}, the connection is closed.
   */
  private static void linger(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long[] seen = {0};
    Runnable close = () -> request.connection().close();
    long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> close.run());
    request.handler(chunk -> {
      seen[0] += chunk.length();
      if (seen[0] > LINGER_BYTES) {
        ctx.vertx().cancelTimer(timer);
        close.run();
      }
    });
    request.endHandler(v -> {
      ctx.vertx().cancelTimer(timer);
      close.run();
    });
    request.exceptionHandler(e -> ctx.vertx().cancelTimer(timer));
    request.resume();
  }
}
