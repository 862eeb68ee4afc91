package io.tillwatch.tools.load;

/**
 * Pads a contract payload to a target size with an extra field, to match the size of real
 * terminals' telemetry (which carries fields the contract does not name; the daemon skips unknown
 * fields). Letters only: digits could look like card data, which the daemon refuses.
 */
final class PayloadPadding {
  private static final String FIELD = ",\"ext\":\"\"";
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz".repeat(80);

  private PayloadPadding() {}

  /** {@code json} (one object) grown to about {@code targetBytes}; unchanged when already that long or the target is 0. */
  static String pad(String json, int targetBytes) {
    int missing = targetBytes - json.length() - FIELD.length();
    if (missing <= 0) {
      return json;
    }
    StringBuilder b = new StringBuilder(targetBytes);
    b.append(json, 0, json.length() - 1).append(",\"ext\":\"");
    int left = missing;
    while (left > 0) {
      int n = Math.min(left, LETTERS.length());
      b.append(LETTERS, 0, n);
      left -= n;
    }
    return b.append("\"}").toString();
  }
}
