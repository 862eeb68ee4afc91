package io.tillwatch.notify;

import io.tillwatch.engine.FindingKind;

/**
 * Which tasks a shop hears of: the money kinds, about one sale each (unconfirmed, unprinted,
 * double charge, stuck reversal) and the bill's charges TillWatch never saw complete. Terminal-level
 * kinds are left out: a shop closed for the night keeps its silent terminals' tasks open for hours,
 * and a message for each would teach the group to mute the robot.
 */
public final class Notified {
  private Notified() {}

  public static boolean kind(FindingKind kind) {
    return kind.perSale() || kind == FindingKind.SETTLED_NOT_SEEN;
  }
}
