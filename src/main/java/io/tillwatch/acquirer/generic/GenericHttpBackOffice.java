package io.tillwatch.acquirer.generic;

import io.tillwatch.acquirer.HttpBackOffice;
import io.tillwatch.acquirer.Reply;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.SaleLookup;
import io.tillwatch.backoffice.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.pointer.JsonPointer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A back office that answers a plain HTTP GET (or POST) with JSON: the status is found by a JSON
 * Pointer and mapped by configuration. Such gateways sign nothing, so trust rests on TLS and the
 * bearer token; a status value the configuration does not name is MALFORMED, never guessed.
 */
public final class GenericHttpBackOffice extends HttpBackOffice {

  private final GenericHttpSettings settings;
  private final Map<String, String> headers;
  private final JsonPointer status;
  private final JsonPointer reference;
  private final JsonPointer chargedAt;

  public GenericHttpBackOffice(GenericHttpSettings settings, GuardSettings guards, Vertx vertx, Clock clock) {
    super(settings.name(), guards, vertx, clock);
    this.settings = settings;
    this.status = JsonPointer.from(settings.statusPointer());
    this.reference = settings.referencePointer() == null ? null : JsonPointer.from(settings.referencePointer());
    this.chargedAt = settings.chargedAtPointer() == null ? null : JsonPointer.from(settings.chargedAtPointer());
    Map<String, String> h = new LinkedHashMap<>(settings.headers());
    h.putIfAbsent("Accept", "application/json");
    if (settings.bearerToken() != null) {
      h.put("Authorization", "Bearer " + settings.bearerToken());
    }
    this.headers = Map.copyOf(h);
  }

  @Override
  protected CompletionStage<BackOfficeAnswer> ask(SaleLookup sale) {
    UrlTemplate.Filled filled = settings.url().fill(sale);
    if (filled instanceof UrlTemplate.MissingField missing) {
      return cannotAsk("the sale has no " + missing.field() + ", which the back office's URL needs");
    }
    String url = ((UrlTemplate.Url) filled).url();
    return exchange(HttpMethod.valueOf(settings.httpMethod()), url, headers, null, this::answer);
  }

  private BackOfficeAnswer answer(Reply.Received received) {
    long now = clock.millis();
    int code = received.status();
    String word = "HTTP " + code;
    if (code == 404 && settings.notFound() != null) {
      return BackOfficeAnswer.of(settings.notFound(), null, word, -1, now, "the back office does not know the sale");
    }
    if (code >= 500 || code == 429) {
      return BackOfficeAnswer.unreachable(LookupProblem.SERVER_ERROR, word, now, "the back office answered " + word);
    }
    if (code < 200 || code >= 300) {
      return BackOfficeAnswer.unreachable(LookupProblem.CLIENT_ERROR, word, now, "the back office refused: " + word);
    }
    Object json;
    try {
      json = Json.decodeValue(received.text());
    } catch (DecodeException e) {
      return malformed("the answer is not JSON", null, now);
    }
    Object value = status.queryJson(json);
    if (value == null || value instanceof Map || value instanceof Iterable) {
      return malformed("the answer has no status at " + settings.statusPointer(), null, now);
    }
    String statusWord = String.valueOf(value);
    Verdict verdict = settings.statuses().get(statusWord);
    if (verdict == null) {
      return malformed("unknown status " + statusWord, statusWord, now);
    }
    Object ref = reference == null ? null : reference.queryJson(json);
    long at;
    try {
      at = chargedAt(json);
    } catch (DateTimeParseException | ArithmeticException e) {
      return malformed("the charge time at " + settings.chargedAtPointer() + " is not a time", statusWord, now);
    }
    return BackOfficeAnswer.of(verdict, ref == null ? null : String.valueOf(ref), statusWord, at, now,
        "the back office's status is " + statusWord);
  }

  private long chargedAt(Object json) {
    Object value = chargedAt == null ? null : chargedAt.queryJson(json);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    }
    return -1;
  }
}
