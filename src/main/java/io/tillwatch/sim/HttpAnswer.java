package io.tillwatch.sim;

import java.util.Map;

/** One answer of the simulated back office, before it is written: status, headers, body. */
record HttpAnswer(int status, Map<String, String> headers, String body) {
  static HttpAnswer json(int status, String body) {
    return new HttpAnswer(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
  }
}
