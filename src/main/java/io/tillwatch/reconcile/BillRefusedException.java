package io.tillwatch.reconcile;

/**
 * The whole bill file is refused and nothing of it is imported: a bad line (the message names it),
 * the wrong encoding, a missing or disagreeing summary, or lines of another day.
 */
public final class BillRefusedException extends Exception {
  public BillRefusedException(String message) {
    super(message);
  }

  static BillRefusedException atLine(int lineNo, String why) {
    return new BillRefusedException("line " + lineNo + ": " + why);
  }
}
