package io.tillwatch.notify;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/** What one attempt came to; {@link #label()} is the metric's {@code outcome} for the final ones. */
public enum Outcome {
  /** The receiver took it. */
  DELIVERED,
  /** A failure that may pass (transport, timeout, 5xx, 429, a robot's "too fast"): try again later. */
  RETRY,
  /** The receiver refused it for good (4xx, a robot's error code): retrying would not help. */
  REJECTED,
  /** Every attempt failed with a failure that might have passed. */
  GAVE_UP;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** By HTTP status alone: 2xx taken; 408, 425, 429 and 5xx worth another try; other codes refused. */
  static Outcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return DELIVERED;
    }
    return status == 408 || status == 425 || status == 429 || status >= 500 ? RETRY : REJECTED;
  }

  /**
   * A group robot answers 200 with {@code {"errcode":0,...}} when it posted the message, another
   * errcode when it did not; {@code retryCodes} are those that mean "not now" (rate limits, busy).
   */
  static Outcome ofRobotAnswer(int status, String body, Set<Integer> retryCodes) {
    Outcome byStatus = ofStatus(status);
    if (byStatus != DELIVERED) {
      return byStatus;
    }
    try {
      Integer code = new JsonObject(body).getInteger("errcode");
      if (code == null) {
        return RETRY;
      }
      return code == 0 ? DELIVERED : retryCodes.contains(code) ? RETRY : REJECTED;
    } catch (RuntimeException e) {
      return RETRY; // a 200 that is not the robot's answer (a proxy's page): the robot may answer next time
    }
  }
}
