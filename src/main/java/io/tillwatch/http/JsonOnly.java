package io.tillwatch.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The API reads JSON only: a request with a body of any other type is 415, before anything reads
 * it. Besides saying what the API speaks, this is what stops cross-site form posts: a page of
 * another site can make a browser send {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data} or {@code text/plain} with the user's credentials (the proxy's, in
 * proxy mode), but not {@code application/json} without a CORS preflight, which this API never
 * grants.
 */
final class JsonOnly implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    if (!hasBody(ctx) || isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.next();
      return;
    }
    Problem.send(ctx, 415, "Unsupported Media Type", "a request body must be JSON: Content-Type: application/json");
  }

  /** HTTP/1.1 announces a body by its headers; HTTP/2 may not, but then the request has not ended with its headers. */
  private static boolean hasBody(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    String length = r.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !length.trim().equals("0");
    }
    return r.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || r.version() == HttpVersion.HTTP_2 && !r.isEnded();
  }

  /** {@code application/json}, with parameters (charset) or without, any case. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.toLowerCase(Locale.ROOT).equals("application/json");
  }
}
