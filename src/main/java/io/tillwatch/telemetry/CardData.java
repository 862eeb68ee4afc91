package io.tillwatch.telemetry;

import java.util.Locale;
import java.util.Set;

/**
 * The card-data rules of the contract (PCI DSS: never store a full PAN, track data, CVV or PIN block).
 *
 * <p>A masked PAN may show at most the first 8 digits (BIN) and the last 4; everything between is a
 * mask character. Any other text field is scanned for a run of 13..19 digits that passes the Luhn
 * check, which is what a full PAN looks like even when it hides in a field with an innocent name.
 */
public final class CardData {
  /** Field names that must never appear in a payload, compared case-insensitively. */
  public static final Set<String> FORBIDDEN_FIELDS = Set.of("cardnumber", "track1", "track2", "cvv", "cvv2", "cvc", "pinblock");

  private CardData() {}

  public static boolean isForbiddenField(String name) {
    return FORBIDDEN_FIELDS.contains(name.toLowerCase(Locale.ROOT));
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

  private static boolean scan(CharSequence s, boolean brandPrefixOnly) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(s.charAt(i))) {
        i++;
        continue;
      }
      // Collect one run of digits, allowing single separators between digits as in "6228 4800 ...".
      int[] digits = new int[19];
      int count = 0;
      int j = i;
      boolean tooLong = false;
      while (j < n) {
        char c = s.charAt(j);
        if (isDigit(c)) {
          if (count >= 19) {
            tooLong = true;
          } else {
            digits[count] = c - '0';
          }
          count++;
          j++;
        } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(s.charAt(j + 1)) && count > 0) {
          j++;
        } else {
          break;
        }
      }
      if (!tooLong && count >= 13 && luhn(digits, count) && (!brandPrefixOnly || hasCardPrefix(digits))) {
        return true;
      }
      i = j;
    }
    return false;
  }

  private static boolean hasCardPrefix(int[] d) {
    int first = d[0];
    if (first >= 3 && first <= 6) {
      return true;
    }
    int four = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
    return (four >= 2221 && four <= 2720) || (d[0] == 8 && d[1] == 1);
  }

  static boolean luhn(int[] digits, int count) {
    int sum = 0;
    boolean dbl = false;
    for (int k = count - 1; k >= 0; k--) {
      int d = digits[k];
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isMask(char c) {
    return c == '*' || c == 'x' || c == 'X' || c == '#';
  }
}
