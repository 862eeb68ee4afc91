package io.tillwatch.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message per refusal reason, from terminal {@code m009/t-bad}: reason label to {topic, payload}.
 * The {@code too_large} one needs {@code mqtt.max-payload} at 2048 bytes.
 */
final class RefusalCases {
  static final String FULL_PAN = "6228480402564890018";
  static final String OK_FIELDS = "\"seq\":1,\"event\":\"AUTHORIZED\",\"at\":1764468000123,\"amount\":5,\"currency\":\"CNY\"";
  static final String MAX_PAYLOAD = "2048";

  private RefusalCases() {}

  static Map<String, String[]> all() {
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put("unknown_topic", new String[] {"pos/v1/m009/t-bad/firmware", "{}"});
    cases.put("bad_id", new String[] {"pos/v1/m009/t$bad/txn", "{}"});
    cases.put("too_large", new String[] {"pos/v1/m009/t-bad/txn", "{\"txn\":\"x\",\"pad\":\"" + "p".repeat(3000) + "\"}"});
    cases.put("malformed_json", new String[] {"pos/v1/m009/t-bad/txn", "{\"txn\":\"x\","});
    cases.put("missing_field", new String[] {"pos/v1/m009/t-bad/txn", "{\"txn\":\"x\",\"event\":\"PRINTED\",\"at\":1764468000123}"});
    cases.put("bad_field", new String[] {"pos/v1/m009/t-bad/txn", "{\"txn\":\"x\",\"seq\":1,\"event\":\"PRINTED\",\"at\":\"soon\"}"});
    cases.put("unknown_event", new String[] {"pos/v1/m009/t-bad/txn", "{\"txn\":\"x\",\"seq\":1,\"event\":\"MAGIC\",\"at\":1764468000123}"});
    cases.put("card_data", new String[] {"pos/v1/m009/t-bad/txn", "{\"txn\":\"x\"," + OK_FIELDS + ",\"pan\":\"" + FULL_PAN + "\"}"});
    cases.put("bad_status", new String[] {"pos/v1/m009/t-bad/status", "sleeping"});
    return cases;
  }
}
