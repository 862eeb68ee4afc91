package io.tillwatch.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A simulated terminal's side of terminal commands: reads a command, decides what the terminal does
 * with it and words the result. Pure apart from the terminal's state it is given (which sales it knows,
 * whether its printer has paper), so the rules read here and test without MQTT.
 *
 * <p>Rules, in order: a payload that is not a JSON object with a text {@code id} is ignored (there is
 * nobody to answer); an id seen before is answered again with the first result and nothing more is
 * done (a redelivered command is never obeyed twice); a command past its {@code expiresAt} is
 * REJECTED EXPIRED; a type other than REPRINT is REJECTED UNKNOWN_TYPE; a sale the terminal does
 * not know is REJECTED UNKNOWN_SALE; with the printer out of paper it FAILED PAPER_OUT; else the
 * receipt is printed: DONE, and the terminal publishes the sale's PRINTED event.
 *
 * <p>Results are remembered for the last {@value #REMEMBERED} ids. Not thread-safe: one per terminal,
 * used on its event loop.
 */
final class CommandDesk {
  static final int REMEMBERED = 1_024;

  /**
   * What to do with one command.
   *
   * @param resultJson the result to publish on the cmd-result topic
   * @param print      the sale to publish PRINTED for; null when nothing was printed (or it was a redelivery)
   * @param duplicate  the id was seen before: the first result is sent again
   */
  record Reply(String id, String status, String reason, String resultJson, Sale print, boolean duplicate) {}

  private final Function<String, Sale> knownSales;
  private final BooleanSupplier paperOut;
  private final Map<String, Reply> answered = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Reply> eldest) {
      return size() > REMEMBERED;
    }
  };

  CommandDesk(Function<String, Sale> knownSales, BooleanSupplier paperOut) {
    this.knownSales = knownSales;
    this.paperOut = paperOut;
  }

  /** The reply to a command payload; null when it is unreadable or has no id. */
  Reply handle(String payload, long nowMs) {
    JsonObject cmd;
    try {
      cmd = new JsonObject(payload);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
    if (!(cmd.getValue("id") instanceof String id) || id.isEmpty()) {
      return null;
    }
    Reply earlier = answered.get(id);
    if (earlier != null) {
      return new Reply(id, earlier.status(), earlier.reason(), earlier.resultJson(), null, true);
    }
    Reply r = decide(id, cmd, nowMs);
    answered.put(id, r);
    return r;
  }

  private Reply decide(String id, JsonObject cmd, long nowMs) {
    long expires = time(cmd.getValue("expiresAt"));
    if (expires == Long.MIN_VALUE || expires < nowMs) {
      return reply(id, "REJECTED", "EXPIRED", nowMs, null);
    }
    if (!"REPRINT".equals(cmd.getValue("type"))) {
      return reply(id, "REJECTED", "UNKNOWN_TYPE", nowMs, null);
    }
    Sale sale = cmd.getValue("txn") instanceof String txn ? knownSales.apply(txn) : null;
    if (sale == null) {
      return reply(id, "REJECTED", "UNKNOWN_SALE", nowMs, null);
    }
    if (paperOut.getAsBoolean()) {
      return reply(id, "FAILED", "PAPER_OUT", nowMs, null);
    }
    return reply(id, "DONE", null, nowMs, sale);
  }

  /** Epoch ms of an RFC 3339 time; Long.MAX_VALUE when absent (no expiry), Long.MIN_VALUE when unreadable. */
  private static long time(Object v) {
    if (v == null) {
      return Long.MAX_VALUE;
    }
    if (!(v instanceof String s)) {
      return Long.MIN_VALUE;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }

  private static Reply reply(String id, String status, String reason, long nowMs, Sale print) {
    JsonObject r = new JsonObject().put("id", id).put("status", status).put("at", Instant.ofEpochMilli(nowMs).toString())
        .put("reason", reason);
    return new Reply(id, status, reason, r.encode(), print, false);
  }
}
