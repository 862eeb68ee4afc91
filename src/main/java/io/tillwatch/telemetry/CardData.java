package io.tillwatch.telemetry;


/**
 * The card-data rules of the contract (PCI DSS: never store a full PAN, track data, CVV or PIN block).
 *
 * <p>A masked PAN may show at most the first 8 digits (BIN) and the last 4; everything between is a
 * mask character. Any other text field is scanned for a run of 13..19 digits that passes the Luhn
 * check, which is what a full PAN looks like even when it hides in a field with an innocent name.
 */
public final class CardData {
  /** Field names that must never appear in a payload, compared case-insensitively. */
  private static final String[] FORBIDDEN = {"cardnumber", "track1", "track2", "cvv", "cvv2", "cvc", "pinblock"};

  private CardData() {}

  public static boolean isForbiddenField(String name) {
    int n = name.length();
    if (n < 3 || n > 10) {
      return false; // the common case, decided without looking at the letters
    }
    for (String f : FORBIDDEN) {
      if (f.length() == n && f.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** True for PAN text masked as the contract allows: {@code \d{0,8}[*xX#]+\d{0,4}}, 12..19 characters. */
  public static boolean isProperlyMasked(String pan) {
    int n = pan.length();
    if (n < 12 || n > 19) {
      return false;
    }
    int i = 0;
    while (i < n && isDigit(pan.charAt(i))) {
      i++;
    }
    int lead = i;
    while (i < n && isMask(pan.charAt(i))) {
      i++;
    }
    int masked = i - lead;
    int tailStart = i;
    while (i < n && isDigit(pan.charAt(i))) {
      i++;
    }
    int tail = i - tailStart;
    return i == n && lead <= 8 && tail <= 4 && masked > 0;
  }

  /** True when the text holds a run of 13..19 digits (spaces and dashes inside allowed) that passes Luhn. */
  public static boolean containsLikelyPan(CharSequence s) {
    return scan(s, false);
  }

  /**
   * True when an identifier holds a card number: a Luhn-valid run of 13..19 digits that also starts
   * like one (a payment-card prefix: 3, 4, 5 or 6, the 2221-2720 range, or 81).
   *
   * <p>Why narrower than {@link #containsLikelyPan}: ids are free text chosen by terminal vendors, and
   * numeric ids are common ("20251130000123": date + counter). One in ten digit runs passes Luhn by
   * chance, so refusing every Luhn-valid id would silently drop one in ten sales of such a fleet.
   * Card numbers start with a card-brand prefix; dates and counters mostly do not.
   */
  public static boolean containsCardNumberId(CharSequence s) {
    return scan(s, true);
  }

  /**
   * One pass, no allocation (it runs on every text field of every message): each digit run keeps
   * its first four digits and two Luhn sums, one doubling the even positions and one the odd; which
   * one applies is known once the run's length is.
   */
  private static boolean scan(CharSequence s, boolean brandPrefixOnly) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(s.charAt(i))) {
        i++;
        continue;
      }
      // One run of digits, allowing single separators between digits as in "6228 4800 ...".
      int count = 0;
      int prefix = 0;
      int sumDoublingEven = 0;
      int sumDoublingOdd = 0;
      int j = i;
      while (j < n) {
        char c = s.charAt(j);
        if (isDigit(c)) {
          int d = c - '0';
          int doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
          if ((count & 1) == 0) {
            sumDoublingEven += doubled;
            sumDoublingOdd += d;
          } else {
            sumDoublingEven += d;
            sumDoublingOdd += doubled;
          }
          if (count < 4) {
            prefix = prefix * 10 + d;
          }
          count++;
          j++;
        } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(s.charAt(j + 1)) && count > 0) {
          j++;
        } else {
          break;
        }
      }
      // The last digit is never doubled: with an odd count it sits at an even position.
      int luhnSum = (count & 1) == 1 ? sumDoublingOdd : sumDoublingEven;
      if (count >= 13 && count <= 19 && luhnSum % 10 == 0 && (!brandPrefixOnly || hasCardPrefix(prefix))) {
        return true;
      }
      i = j;
    }
    return false;
  }

  /** {@code firstFour}: the run's first four digits as a number. */
  private static boolean hasCardPrefix(int firstFour) {
    int first = firstFour / 1000;
    return (first >= 3 && first <= 6) || (firstFour >= 2221 && firstFour <= 2720) || firstFour / 100 == 81;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isMask(char c) {
    return c == '*' || c == 'x' || c == 'X' || c == '#';
  }
}
