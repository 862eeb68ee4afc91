package io.tillwatch.notify;

import io.vertx.core.Future;
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

/**
 * Posts one webhook request and hands back the status and (the first few kilobytes of) the body.
 * A receiver that does not answer within the timeout, or keeps sending, costs one timer: the
 * request is reset. Redirects are not followed (a signed message goes where it was configured to).
 */
final class WebhookClient implements AutoCloseable {
  /** A robot's answer is tens of bytes; more is kept for nothing. */
  private static final int MAX_BODY = 8 * 1024;

  /** The receiver's answer. */
  record Answer(int status, String body) {}

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final long timeoutMs;

  WebhookClient(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
        timeoutMs)).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
  }

  /** Fails on transport errors and timeouts; any HTTP answer succeeds. */
  Future<Answer> post(WebhookRequest r) {
    Promise<Answer> result = Promise.promise();
    RequestOptions options;
    try {
      options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(r.url()).setFollowRedirects(false);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("not a usable URL"));
    }
    r.headers().forEach(options::putHeader);
    long timer = vertx.setTimer(timeoutMs, t -> result.tryFail("no answer within " + timeoutMs + " ms"));
    client.request(options).onFailure(result::tryFail).onSuccess(request -> {
      result.future().onFailure(e -> request.reset());
      request.send(Buffer.buffer(r.body())).onFailure(result::tryFail).onSuccess(response -> read(response, result));
    });
    return result.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static void read(HttpClientResponse response, Promise<Answer> result) {
    Buffer body = Buffer.buffer();
    response.exceptionHandler(result::tryFail);
    response.handler(chunk -> {
      if (body.length() < MAX_BODY) {
        body.appendBuffer(chunk.length() <= MAX_BODY - body.length() ? chunk : chunk.slice(0, MAX_BODY - body.length()));
      }
    });
    response.endHandler(v -> result.tryComplete(new Answer(response.statusCode(), body.toString())));
  }

  @Override
  public void close() {
    client.close();
  }
}
