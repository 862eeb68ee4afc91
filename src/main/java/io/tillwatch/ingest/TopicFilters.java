package io.tillwatch.ingest;

/** MQTT topic filter matching ({@code +} one level, {@code #} the rest) and the filters clients may subscribe to. */
public final class TopicFilters {
  private TopicFilters() {}

  public static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }

  /**
   * The subscription shapes the embedded endpoint serves at all: a terminal's command topic
   * {@code pos/v1/{merchant}/{terminal}/cmd} (exact ids, no wildcards) and the task topics
   * {@code ops/v1/tasks/{merchant}}, {@code ops/v1/tasks/+} or {@code ops/v1/tasks/#}. Who may
   * subscribe to which of them is {@link io.tillwatch.auth.TopicAcl}'s decision.
   */
  public static boolean subscribable(String filter) {
    String[] f = filter.split("/", -1);
    if (f.length == 5 && f[0].equals("pos") && f[1].equals("v1") && f[4].equals("cmd")) {
      return io.tillwatch.telemetry.Ids.isValid(f[2]) && io.tillwatch.telemetry.Ids.isValid(f[3]);
    }
    if (f.length == 4 && f[0].equals("ops") && f[1].equals("v1") && f[2].equals("tasks")) {
      return f[3].equals("+") || f[3].equals("#") || io.tillwatch.telemetry.Ids.isValid(f[3]);
    }
    return false;
  }
}
