package io.tillwatch.acquirer;

import io.tillwatch.backoffice.LookupProblem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One back office's HTTP client: sends one request and hands back the whole response, or why there
 * is none.
 *
 * <p>Design: the result is decided by whichever comes first of the response's end, a failure, the
 * timer of the back office's timeout and the body growing past the cap; {@code tryComplete} makes
 * the first one win and the loser's request is reset, so a server that never answers or never stops
 * sending costs one timer, not a connection held forever. The body is read chunk by chunk (never
 * {@code body()}, which would buffer whatever the server sends). Redirects are not followed: a back
 * office does not redirect a query, and a redirect would carry the signed request elsewhere.
 */
public final class HttpExchange implements AutoCloseable {
  /** Larger than any order query answer by far; a back office sending more is broken or hostile. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final long timeoutMs;
  private final int maxBodyBytes;
  private final AtomicBoolean closed = new AtomicBoolean();

  public HttpExchange(Vertx vertx, Duration timeout, int maxConcurrent, int maxBodyBytes) {
    this.vertx = vertx;
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.maxBodyBytes = maxBodyBytes;
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setKeepAlive(true);
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConcurrent));
  }

  /** Never fails: every failure is a {@link Reply.Failed}. */
  public Future<Reply> send(HttpMethod method, String absoluteUrl, Map<String, String> headers, String body) {
    if (closed.get()) {
      return Future.succeededFuture(new Reply.Failed(LookupProblem.TRANSPORT, "the back office's client is closed"));
    }
    Promise<Reply> result = Promise.promise();
    RequestOptions options;
    try {
      options = new RequestOptions().setMethod(method).setAbsoluteURI(absoluteUrl).setFollowRedirects(false);
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Reply.Failed(LookupProblem.CLIENT_ERROR, "the back office's URL is not valid"));
    }
    headers.forEach(options::putHeader);
    long timer = vertx.setTimer(timeoutMs, t -> result.tryComplete(
        new Reply.Failed(LookupProblem.TIMEOUT, "no answer within " + timeoutMs + " ms")));
    client.request(options)
        .onFailure(e -> result.tryComplete(transport(e)))
        .onSuccess(request -> {
          result.future().onSuccess(reply -> {
            if (reply instanceof Reply.Failed) {
              request.reset();
            }
          });
          Future<HttpClientResponse> sent = body == null ? request.send() : request.send(Buffer.buffer(body));
          sent.onFailure(e -> result.tryComplete(transport(e)))
              .onSuccess(response -> read(response, result));
        });
    return result.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private void read(HttpClientResponse response, Promise<Reply> result) {
    String length = response.getHeader("Content-Length");
    if (length != null && tooLong(length)) {
      result.tryComplete(tooLarge());
      return;
    }
    Buffer body = Buffer.buffer();
    MultiMap headers = response.headers();
    int status = response.statusCode();
    response.exceptionHandler(e -> result.tryComplete(transport(e)));
    response.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        result.tryComplete(tooLarge());
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.endHandler(v -> result.tryComplete(new Reply.Received(status, headers, body.getBytes())));
  }

  private boolean tooLong(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Reply tooLarge() {
    return new Reply.Failed(LookupProblem.TOO_LARGE, "the answer is larger than " + maxBodyBytes + " bytes");
  }

  private static Reply transport(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.length() > 120) {
      message = message.substring(0, 120) + "...";
    }
    return new Reply.Failed(LookupProblem.TRANSPORT, "transport failure: " + message);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close();
    }
  }
}
