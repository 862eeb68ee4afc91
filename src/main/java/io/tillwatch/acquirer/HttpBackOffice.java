package io.tillwatch.acquirer;

import io.tillwatch.backoffice.BackOffice;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.SaleLookup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP back office shares: its name, its client (pool of {@code maxConcurrent}
 * connections, the guard's timeout), turning a failed exchange into an UNREACHABLE answer, and
 * logging an answer that is not trusted (never its body: it may hold a customer's data).
 */
public abstract class HttpBackOffice implements BackOffice {
  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final HttpExchange http;
  protected final Clock clock;

  protected HttpBackOffice(String name, GuardSettings guards, Vertx vertx, Clock clock) {
    this.name = name;
    this.clock = clock;
    this.http = new HttpExchange(vertx, guards.timeout(), guards.maxConcurrent(), HttpExchange.DEFAULT_MAX_BODY_BYTES);
  }

  @Override
  public final String name() {
    return name;
  }

  /** Never throws: a request that cannot even be made (a key that cannot sign) is answered, not thrown. */
  @Override
  public final CompletionStage<BackOfficeAnswer> lookUp(SaleLookup sale) {
    try {
      return ask(sale);
    } catch (RuntimeException e) {
      log.error("back office {}: cannot make the request ({})", name, e.getClass().getSimpleName());
      return cannotAsk("TillWatch could not make the request (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Sends the query for one sale, through {@link #exchange} or {@link #cannotAsk}. */
  protected abstract CompletionStage<BackOfficeAnswer> ask(SaleLookup sale);

  /** Sends one request; {@code read} turns a whole response into the answer. */
  protected final CompletionStage<BackOfficeAnswer> exchange(HttpMethod method, String url, Map<String, String> headers,
      String body, Function<Reply.Received, BackOfficeAnswer> read) {
    return http.send(method, url, headers, body)
        .map(reply -> reply instanceof Reply.Received received ? read.apply(received)
            : ((Reply.Failed) reply).toAnswer(clock.millis()))
        .otherwise(e -> malformed("the answer could not be read (" + e.getClass().getSimpleName() + ")", null,
            clock.millis()))
        .toCompletionStage();
  }

  /** The sale lacks what this back office is asked by: nothing is sent. */
  protected final CompletionStage<BackOfficeAnswer> cannotAsk(String why) {
    return Future.succeededFuture(BackOfficeAnswer.unreachable(LookupProblem.CLIENT_ERROR, null, clock.millis(), why))
        .toCompletionStage();
  }

  protected final BackOfficeAnswer malformed(String why, String status, long now) {
    log.warn("back office {}: malformed answer: {}", name, why);
    return BackOfficeAnswer.unreachable(LookupProblem.MALFORMED, status, now, why);
  }

  protected final BackOfficeAnswer untrusted(String why, String status, long now) {
    log.warn("back office {}: answer not trusted: {}", name, why);
    return BackOfficeAnswer.unreachable(LookupProblem.BAD_SIGNATURE, status, now, why);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }
}
