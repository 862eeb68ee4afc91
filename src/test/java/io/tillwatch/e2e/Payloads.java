package io.tillwatch.e2e;

import java.time.Instant;

/** Contract payloads as terminal firmware writes them. */
public final class Payloads {
  private Payloads() {}

  public static String txn(String txn, long seq, String event, long amount) {
    String money = amount >= 0 ? ",\"amount\":" + amount + ",\"currency\":\"CNY\"" : "";
    return "{\"txn\":\"" + txn + "\",\"seq\":" + seq + ",\"event\":\"" + event + "\",\"at\":\"" + Instant.now() + "\""
        + money + ",\"method\":\"CARD\",\"rrn\":\"433412345678\",\"pan\":\"622848******1234\"}";
  }

  public static String heartbeat(int intervalSec, long lastSeq, int pendingUploads) {
    return "{\"at\":\"" + Instant.now() + "\",\"intervalSec\":" + intervalSec + ",\"lastSeq\":" + lastSeq
        + ",\"firmware\":\"4.2.1\",\"network\":\"4G\",\"signal\":-71,\"printer\":\"OK\",\"pendingUploads\":" + pendingUploads
        + ",\"store\":\"S001\",\"region\":\"east\"}";
  }
}
