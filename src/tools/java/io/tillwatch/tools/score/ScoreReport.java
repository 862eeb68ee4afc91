package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
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

  /**
   * Follow-up lines: per money kind judged, right (%), wrong, no task; then the automatic resolutions
   * and the next steps of every money task. Each line starts with two spaces and ends in a newline.
   */
  public static String followUpSummary(Map<FindingKind, FollowUpScore> scores, FollowUpScore.Tally tally) {
    StringBuilder b = new StringBuilder();
    for (FollowUpScore s : scores.values()) {
      if (s.judged() > 0) {
        b.append(String.format(Locale.ROOT, "  follow-up %-20s judged %5d right %5d (%5.1f%%) wrong %4d (gave up %d) no task %4d%n",
            s.kind(), s.judged(), s.right(), s.percentRight(), s.wrong().size(), s.gaveUp(), s.noTask().size()));
        for (FollowUpScore.Miss m : s.wrong().subList(0, Math.min(5, s.wrong().size()))) {
          b.append(String.format(Locale.ROOT, "    wrong: %s/%s %s ended %s, right %s%n", m.truth().terminal(), m.truth().txn(),
              m.truth().kind(), m.end(), m.truth().rightEnds()));
        }
      }
    }
    tally.autoResolved().forEach((kind, counts) -> b.append(String.format(Locale.ROOT, "  auto-resolved %-20s %s%n", kind, counts)));
    tally.nextSteps().forEach((kind, counts) -> b.append(String.format(Locale.ROOT, "  next step     %-20s %s%n", kind, counts)));
    return b.toString();
  }

  /**
   * {@code {"judged":..,"right":..,"percentRight":..,"byKind":{"UNPRINTED_RECEIPT":{"judged":..,"right":..,"wrong":..,"noTask":..,
   * "percentRight":..}},"autoResolved":{"UNPRINTED_RECEIPT":{"REPRINTED":3}},"nextSteps":{"UNCONFIRMED_SALE":{"COLLECT_AGAIN":2}}}}.
   */
  public static JsonObject followUpJson(Map<FindingKind, FollowUpScore> scores, FollowUpScore.Tally tally) {
    JsonObject byKind = new JsonObject();
    int judged = 0;
    int right = 0;
    for (FollowUpScore s : scores.values()) {
      byKind.put(s.kind().name(), new JsonObject().put("judged", s.judged()).put("right", s.right()).put("wrong", s.wrong().size())
          .put("gaveUp", s.gaveUp()).put("noTask", s.noTask().size()).put("percentRight", s.percentRight()));
      judged += s.judged();
      right += s.right();
    }
    JsonObject auto = new JsonObject();
    tally.autoResolved().forEach((k, v) -> auto.put(k.name(), new JsonObject(new LinkedHashMap<>(v))));
    JsonObject steps = new JsonObject();
    tally.nextSteps().forEach((k, v) -> steps.put(k.name(), new JsonObject(new LinkedHashMap<>(v))));
    return new JsonObject().put("judged", judged).put("right", right).put("percentRight", judged == 0 ? 100.0 : 100.0 * right / judged)
        .put("byKind", byKind).put("autoResolved", auto).put("nextSteps", steps);
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
