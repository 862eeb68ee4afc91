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
   * What a client may subscribe to on the embedded endpoint: a terminal its own command topic
   * ({@code pos/v1/{merchant}/{its client id}/cmd}, no wildcards), an operator console the task
   * topics ({@code ops/v1/tasks/{merchant}}, {@code ops/v1/tasks/+} or {@code ops/v1/tasks/#}).
   */
  public static boolean allowed(String filter, String clientId) {
    String[] f = filter.split("/", -1);
    if (f.length == 5 && f[0].equals("pos") && f[1].equals("v1") && f[4].equals("cmd")) {
      return f[3].equals(clientId) && io.tillwatch.telemetry.Ids.isValid(f[2]) && !f[2].equals("+") && !f[2].equals("#");
    }
    if (f.length == 4 && f[0].equals("ops") && f[1].equals("v1") && f[2].equals("tasks")) {
      return f[3].equals("+") || f[3].equals("#") || io.tillwatch.telemetry.Ids.isValid(f[3]);
    }
    return false;
  }
}
