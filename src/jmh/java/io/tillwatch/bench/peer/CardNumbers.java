package io.tillwatch.bench.peer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peer's card-data rules, written the way a Bean Validation user would: a regular expression
 * finds candidate card numbers, a Luhn check confirms them. It must flag exactly what TillWatch's
 * {@code CardData} flags ({@code PeerAgreement} checks that on random strings), but shares no code
 * with it.
 *
 * <p>The expression matches a whole run of 13..19 digits, single spaces or dashes allowed between
 * digits (as in "6228 4800 ..."). The look-behind and look-ahead keep it to whole runs: a run of 20
 * digits is not a card number, and neither are the 16-digit windows inside it, which is the
 * contract's rule.
 */
final class CardNumbers {
  private static final Pattern CANDIDATE = Pattern.compile("(?<!\\d)(?<!\\d[ -])\\d(?:[ -]?\\d){12,18}(?![ -]?\\d)");
  private static final Set<String> FORBIDDEN_NAMES = Set.of("cardnumber", "track1", "track2", "cvv", "cvv2", "cvc", "pinblock");

  private CardNumbers() {}

  /**
   * True when {@code s} holds a Luhn-valid candidate. {@code idRule}: ids and order numbers also
   * need a card-brand prefix (3-6, 2221-2720 or 81), so numeric dates and counters pass.
   */
  static boolean contains(CharSequence s, boolean idRule) {
    Matcher m = CANDIDATE.matcher(s);
    while (m.find()) {
      if (luhn(s, m.start(), m.end()) && (!idRule || brandPrefix(s, m.start()))) {
        return true;
      }
    }
    return false;
  }

  /** A field name that must never appear, in any case, at any depth. */
  static boolean isForbiddenName(String name) {
    return FORBIDDEN_NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  private static boolean luhn(CharSequence s, int from, int to) {
    int sum = 0;
    boolean doubled = false;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (doubled) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  private static boolean brandPrefix(CharSequence s, int from) {
    int firstFour = 0;
    for (int i = from, n = 0; n < 4; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        firstFour = firstFour * 10 + (c - '0');
        n++;
      }
    }
    int first = firstFour / 1000;
    return (first >= 3 && first <= 6) || (firstFour >= 2221 && firstFour <= 2720) || firstFour / 100 == 81;
  }
}
