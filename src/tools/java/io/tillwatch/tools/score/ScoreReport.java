package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** Detection against ground truth as the tools print it: summary lines for people, one JSON object for scripts. */
public final class ScoreReport {
  private ScoreReport() {}

  /** One line per kind that was expected or found, each starting with two spaces and ending in a newline. */
  public static String summary(Map<FindingKind, KindScore> scores) {
    StringBuilder b = new StringBuilder();
    for (KindScore s : scores.values()) {
      if (s.expected() > 0 || s.found() > 0) {
        b.append(String.format(Locale.ROOT, "  detection %-20s expected %5d matched %5d missed %4d unexpected %4d%n", s.kind(),
            s.expected(), s.matched(), s.missedCount(), s.unexpectedCount()));
      }
    }
    return b.toString();
  }

  /** {@code {"expected":..,"matched":..,"unexpected":..,"byKind":{"UNPRINTED_RECEIPT":{"expected":..,...},...}}}. */
  public static JsonObject json(Map<FindingKind, KindScore> scores) {
    JsonObject d = new JsonObject();
    int expected = 0;
    int matched = 0;
    int unexpected = 0;
    for (KindScore s : scores.values()) {
      d.put(s.kind().name(), new JsonObject().put("expected", s.expected()).put("matched", s.matched())
          .put("unexpected", s.unexpectedCount()));
      expected += s.expected();
      matched += s.matched();
      unexpected += s.unexpectedCount();
    }
    return new JsonObject().put("expected", expected).put("matched", matched).put("unexpected", unexpected).put("byKind", d);
  }
}
