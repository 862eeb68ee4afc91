package io.tillwatch.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the simulator decides what really happened at the acquirer for a sale in doubt, and how often a
 * terminal's printer runs out of paper. Each is a probability drawn per faulty sale, from the
 * terminal's seeded random source.
 *
 * <p>Spec strings: {@code unconfirmed-charged=0.6,reversal-fails=0.1,double-both-charged=0.5,paper-out=0.3,never-final=0};
 * names left out keep their default.
 *
 * @param unconfirmedCharged a sale that never got an outcome (UNCONFIRMED) was in truth charged
 * @param reversalFails      a queued reversal (REVERSAL) never went through: the sale is still charged
 * @param doubleBothCharged  both sales of a double charge were charged (else only the retried one)
 * @param paperOut           an unprinted sale (UNPRINTED) failed because the printer ran out of paper; the
 *                           terminal then stays out of paper (and out of service) for the paper-out period
 * @param neverFinal         the back office never gives a final answer for a sale in doubt (pending forever)
 */
public record OutcomeDraws(double unconfirmedCharged, double reversalFails, double doubleBothCharged, double paperOut, double neverFinal) {

  public static final OutcomeDraws DEFAULTS = new OutcomeDraws(0.6, 0.1, 0.5, 0.3, 0);

  public OutcomeDraws {
    check("unconfirmed-charged", unconfirmedCharged);
    check("reversal-fails", reversalFails);
    check("double-both-charged", doubleBothCharged);
    check("paper-out", paperOut);
    check("never-final", neverFinal);
  }

  /**
   * The draws for a primed fault (the first of its kind): a double charge that really charged twice
   * and a reversal that failed, the outcomes a person must settle, so each kind's task stays open
   * and a demo (and the alert proof run on it) always shows them; the others as drawn.
   */
  public OutcomeDraws primed() {
    return new OutcomeDraws(unconfirmedCharged, 1, 1, paperOut, neverFinal);
  }

  /** Parses a spec (see the class comment); the message of the exception names the item and the range. */
  public static OutcomeDraws parse(String spec) {
    Map<String, Double> v = new LinkedHashMap<>(asMap(DEFAULTS));
    SpecItems.parse(spec, "outcome item").forEach((name, value) -> {
      if (!v.containsKey(name)) {
        throw new IllegalArgumentException("unknown outcome '" + name + "'; known: " + v.keySet());
      }
      v.put(name, SpecItems.number("outcome " + name, value));
    });
    return new OutcomeDraws(v.get("unconfirmed-charged"), v.get("reversal-fails"), v.get("double-both-charged"), v.get("paper-out"),
        v.get("never-final"));
  }

  private static Map<String, Double> asMap(OutcomeDraws d) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("unconfirmed-charged", d.unconfirmedCharged);
    m.put("reversal-fails", d.reversalFails);
    m.put("double-both-charged", d.doubleBothCharged);
    m.put("paper-out", d.paperOut);
    m.put("never-final", d.neverFinal);
    return m;
  }

  private static void check(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("outcome " + name + " must be a probability between 0 and 1, got " + p);
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    asMap(this).forEach((k, val) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(val));
    return b.toString();
  }
}
