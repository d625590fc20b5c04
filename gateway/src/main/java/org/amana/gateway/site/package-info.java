/**
 * The submission site that defenders see: server-rendered HTML with no JavaScript, in the language
 * named by the first path segment, English and Arabic now.
 *
 * <p>Use {@link org.amana.gateway.site.SiteRoutes}: {@code new SiteRoutes(vertx, intake, checkIn,
 * limits).routes()} is the site's whole router. Everything else here is package-private: the pages
 * (one class each), {@code Messages} (the UTF-8 bundles {@code messages_<code>.properties}),
 * {@code Html} (the only escaping), {@code SecurityHeaders}, {@code Csrf} and {@code Errors} (the
 * one failure handler).
 */
package org.amana.gateway.site;
