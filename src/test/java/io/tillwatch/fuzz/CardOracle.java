package io.tillwatch.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent oracle for "looks like a card number", written from the contract's words rather
 * than from {@code CardData}, so the fuzzers check the decoder against the rule and not against
 * itself: a run of 13..19 digits (single spaces or dashes between digits allowed) that passes Luhn.
 */
public final class CardOracle {
  private CardOracle() {}

  /** True when {@code s} holds a maximal digit run of 13..19 digits that passes the Luhn check. */
  public static boolean hasLuhnRun(CharSequence s) {
    for (String run : runs(s, true)) {
      if (run.length() >= 13 && run.length() <= 19 && luhn(run)) {
        return true;
      }
    }
    return false;
  }

  /** Every maximal run of ASCII digits; with separators, single ' ' or '-' between two digits do not end a run. */
  public static List<String> runs(CharSequence s, boolean separators) {
    List<String> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        run.append(c);
      } else if (separators && (c == ' ' || c == '-') && run.length() > 0 && i + 1 < n
          && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') {
        continue;
      } else if (run.length() > 0) {
        out.add(run.toString());
        run.setLength(0);
      }
    }
    if (run.length() > 0) {
      out.add(run.toString());
    }
    return out;
  }

  public static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean dbl = false;
    for (int k = digits.length() - 1; k >= 0; k--) {
      int d = digits.charAt(k) - '0';
      if (dbl) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** Replaces the last digit of {@code body} so that the whole passes Luhn. */
  static String withCheckDigit(String body) {
    String base = body.substring(0, body.length() - 1);
    for (char c = '0'; c <= '9'; c++) {
      if (luhn(base + c)) {
        return base + c;
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * True when {@code message} contains any 13-digit window of a 13+ digit run found in {@code input}:
   * the "never echo a card number" rule, checked on plain digit runs.
   */
  static boolean echoesLongDigitRun(String message, CharSequence input) {
    for (String run : runs(message, false)) {
      if (run.length() < 13) {
        continue;
      }
      for (int i = 0; i + 13 <= run.length(); i++) {
        if (input.toString().contains(run.substring(i, i + 13))) {
          return true;
        }
      }
    }
    return false;
  }
}
