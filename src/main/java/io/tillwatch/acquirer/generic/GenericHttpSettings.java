package io.tillwatch.acquirer.generic;

import io.tillwatch.backoffice.Verdict;
import java.util.Map;
import java.util.Objects;

/**
 * One in-house gateway or aggregator asked over plain HTTP/JSON.
 *
 * @param httpMethod       GET or POST (no body: everything the query needs is in the URL)
 * @param headers          fixed headers sent with every query (not secrets: those come from files)
 * @param bearerToken      sent as {@code Authorization: Bearer ...}; null for none. Never printed.
 * @param statusPointer    RFC 6901 JSON Pointer to the status value in the answer
 * @param referencePointer pointer to the back office's own id for the sale; null for none
 * @param chargedAtPointer pointer to when the money moved (ISO-8601 or epoch ms); null for none
 * @param statuses         each status value the back office sends, as a verdict; any other is malformed
 * @param notFound         what an HTTP 404 means; null when a 404 is not an answer (CLIENT_ERROR)
 */
public record GenericHttpSettings(String name, UrlTemplate url, String httpMethod, Map<String, String> headers,
    String bearerToken, String statusPointer, String referencePointer, String chargedAtPointer,
    Map<String, Verdict> statuses, Verdict notFound) {

  public GenericHttpSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(httpMethod, "httpMethod");
    Objects.requireNonNull(statusPointer, "statusPointer");
    headers = Map.copyOf(headers);
    statuses = Map.copyOf(statuses);
  }

  /** The token and header values are never printed. */
  @Override
  public String toString() {
    return "GenericHttpSettings[name=" + name + ", url=" + url + ", httpMethod=" + httpMethod + ", headers="
        + headers.keySet() + ", bearerToken=" + (bearerToken == null ? "none" : "(from file)") + ", statusPointer="
        + statusPointer + ", referencePointer=" + referencePointer + ", chargedAtPointer=" + chargedAtPointer
        + ", statuses=" + statuses + ", notFound=" + notFound + "]";
  }
}
