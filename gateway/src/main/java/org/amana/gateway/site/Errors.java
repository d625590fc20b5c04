package org.amana.gateway.site;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.amana.gateway.ingest.IngestException;

/**
 * The router's one failure handler, and the pages for paths that lead nowhere.
 *
 * <p>A visitor never sees exception text or a stack trace: every failure becomes a translated page
 * chosen by its kind. Nothing about the visitor is logged; an unexpected failure logs its type
 * only, because exception messages can carry what a visitor sent.
 */
final class Errors {
  private static final System.Logger LOG = System.getLogger(Errors.class.getName());

  private final Messages messages;
  private final ErrorPage page;

  Errors(Messages messages, ErrorPage page) {
    this.messages = messages;
    this.page = page;
  }

  void failure(RoutingContext ctx) {
    IngestException ingest = ingestException(ctx.failure());
    String key;
    int status;
    if (ingest != null) {
      key = ingest.reason().name().toLowerCase(Locale.ROOT);
      status = status(ingest.reason());
    } else {
      int code = ctx.statusCode();
      status = code >= 400 && code < 500 ? code : 500;
      key = switch (status) {
        case 403 -> "csrf";
        case 404 -> "not_found";
        case 413 -> "field_too_long";
        case 500 -> "internal";
        default -> "malformed"; // any other refusal of a request this site cannot read
      };
      if (status == 500) {
        Throwable f = ctx.failure();
        LOG.log(System.Logger.Level.WARNING, "site: unexpected failure ("
            + (f == null ? "status " + ctx.statusCode() : f.getClass().getName()) + ")");
      }
    }
    String path = ctx.normalizedPath();
    Responses.html(ctx, status, page.render(messages.forPath(path), key, back(path)));
  }

  /** No page here: in the path's language when it names one, otherwise in English with every language. */
  void notFound(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (messages.in(Messages.firstSegment(path)).isEmpty()) {
      Responses.html(ctx, 404, page.unknownLanguage());
    } else {
      Responses.html(ctx, 404, page.render(messages.forPath(path), "not_found", ""));
    }
  }

  /** The error page for {@code key}, for a request that never reached the router. */
  String page(Text text, String key) {
    return page.render(text, key, "");
  }

  static int status(IngestException.Reason reason) {
    return switch (reason) {
      case FILE_TOO_LARGE, TOTAL_TOO_LARGE, REPORT_TOO_LONG, FIELD_TOO_LONG -> 413;
      case TOO_MANY_FILES, TOO_MANY_PARTS, EMPTY, MALFORMED, CUT_OFF -> 400;
      case UNKNOWN_CHECK_IN -> 404;
      case DECISION_EXPIRED -> 410;
      case CONSENT_CHANGED -> 409;
      case UNAVAILABLE -> 503;
    };
  }

  /** Where "back" leads: the form the visitor came from, or the home page. */
  private static String back(String path) {
    if (path == null) return "";
    if (path.endsWith("/submit") || path.contains("/submit/")) return "submit";
    if (path.contains("/check-in")) return "check-in";
    return "";
  }

  private static IngestException ingestException(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof IngestException e) return e;
    }
    return null;
  }
}
