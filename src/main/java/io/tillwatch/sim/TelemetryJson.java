package io.tillwatch.sim;

import io.tillwatch.telemetry.EventType;
import java.time.Instant;

/**
 * Writes contract payloads. Plain StringBuilder: every text value is an id, a code or an enum name
 * from a closed character set, so nothing needs escaping. Output decodes with {@code TelemetryDecoder}.
 */
final class TelemetryJson {
  private TelemetryJson() {}

  static String txnEvent(Sale s, long seq, EventType event, long atMs) {
    StringBuilder b = new StringBuilder(224);
    b.append("{\"txn\":\"").append(s.txn()).append("\",\"seq\":").append(seq)
        .append(",\"event\":\"").append(event.name()).append("\",\"at\":\"").append(rfc3339(atMs)).append('"');
    boolean withAmount = event == EventType.STARTED || event == EventType.AUTHORIZED;
    if (withAmount) {
      b.append(",\"amount\":").append(s.amount()).append(",\"currency\":\"").append(s.currency()).append('"');
    }
    b.append(",\"method\":\"").append(s.method().name()).append('"');
    if (event == EventType.AUTHORIZED) {
      b.append(",\"rrn\":\"").append(s.rrn()).append("\",\"authCode\":\"").append(s.authCode()).append('"');
    }
    if (s.pan() != null) {
      b.append(",\"pan\":\"").append(s.pan()).append('"');
    }
    if (withAmount && s.ref() != null) {
      b.append(",\"ref\":\"").append(s.ref()).append('"');
    }
    return b.append('}').toString();
  }

  /** {@code lastSeq} below 1 means no txn event yet: the field is left out. */
  static String heartbeat(long atMs, int intervalSec, long lastSeq, int signal, int pendingUploads, String store, String region) {
    return heartbeat(atMs, intervalSec, lastSeq, signal, pendingUploads, store, region, "OK");
  }

  /** As above, with the printer's state ({@code OK}, {@code PAPER_OUT}, {@code ERROR}). */
  static String heartbeat(long atMs, int intervalSec, long lastSeq, int signal, int pendingUploads, String store, String region,
      String printer) {
    StringBuilder b = new StringBuilder(200);
    b.append("{\"at\":\"").append(rfc3339(atMs)).append("\",\"intervalSec\":").append(intervalSec);
    if (lastSeq >= 1) {
      b.append(",\"lastSeq\":").append(lastSeq);
    }
    b.append(",\"firmware\":\"4.2.1\",\"network\":\"4G\",\"signal\":").append(signal)
        .append(",\"printer\":\"").append(printer).append("\",\"pendingUploads\":").append(pendingUploads)
        .append(",\"store\":\"").append(store).append("\",\"region\":\"").append(region).append("\"}");
    return b.toString();
  }

  /** RFC 3339 UTC with milliseconds, e.g. {@code 2026-11-30T02:00:00.123Z}. */
  static String rfc3339(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }
}
