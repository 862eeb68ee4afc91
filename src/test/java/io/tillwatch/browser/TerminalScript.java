package io.tillwatch.browser;

import static org.awaitility.Awaitility.await;

import io.tillwatch.e2e.Api;
import io.tillwatch.e2e.TestTerminal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;

/** What a terminal does to make the daemon raise a given finding, and how the test finds the task it became. */
final class TerminalScript {
  private TerminalScript() {}

  /**
   * A card sale authorized whose receipt printer then fails: UNPRINTED_RECEIPT at once, on the
   * PRINT_FAILED event (no deadline to wait for). Returns when the last event is acknowledged.
   */
  static void unprintedReceipt(TestTerminal t, String txn, long amountMinor) throws MqttException {
    t.event(txn, "STARTED", amountMinor);
    t.event(txn, "AUTHORIZED", amountMinor);
    t.event(txn, "PRINT_FAILED", -1);
  }

  /** A sale authorized and never printed: UNPRINTED_RECEIPT once the (compressed) print deadline passes. */
  static void authorizedNotPrinted(TestTerminal t, String txn, long amountMinor) throws MqttException {
    t.event(txn, "STARTED", amountMinor);
    t.event(txn, "AUTHORIZED", amountMinor);
  }

  /** A heartbeat as firmware writes it, with the given store and free-text fields (JSON-encoded, so any text fits). */
  static void heartbeat(TestTerminal t, String store, String firmware, String network) throws MqttException {
    JsonObject hb = new JsonObject().put("at", Instant.now().toString()).put("intervalSec", 60).put("lastSeq", t.lastSeq())
        .put("firmware", firmware).put("network", network).put("signal", -71).put("printer", "OK").put("pendingUploads", 0)
        .put("store", store).put("region", "east");
    t.publish("heartbeat", hb.encode(), 1);
  }

  /** A sale event whose free-text fields (rrn, auth code, order reference) are exactly the given text. */
  static void eventWithText(TestTerminal t, String txn, String event, long amountMinor, String text) throws MqttException {
    long seq = t.lose(); // takes the terminal's next seq, published here with a payload of our own
    JsonObject e = new JsonObject().put("txn", txn).put("seq", seq).put("event", event)
        .put("at", Instant.now().toString()).put("amount", amountMinor).put("currency", "CNY").put("method", "CARD")
        .put("rrn", text).put("authCode", text).put("ref", text).put("pan", "622848******1234");
    t.publish("txn", e.encode(), 1);
  }

  /**
   * The one task of this terminal and sale (and extra query, e.g. {@code state=RESOLVED}), once it
   * exists. The sale is matched here rather than by a query parameter, so the helper works with
   * any API version's filters.
   */
  static JsonObject awaitTask(Api api, String terminal, String txn, String extraQuery) {
    String query = "terminal=" + terminal + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
    List<JsonObject> found = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> api.tasks(query).stream().filter(t -> txn.equals(t.getString("txn"))).toList(), l -> l.size() == 1);
    return found.get(0);
  }

  static JsonObject awaitTask(Api api, String terminal, String txn) {
    return awaitTask(api, terminal, txn, "");
  }
}
