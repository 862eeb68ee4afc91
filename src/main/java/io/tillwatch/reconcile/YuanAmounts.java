package io.tillwatch.reconcile;

import java.util.regex.Pattern;

/** Amounts in yuan as bills write them ("128.50", "-128.5") to and from minor units (fen), exactly. */
public final class YuanAmounts {
  private static final Pattern YUAN = Pattern.compile("-?\\d{1,15}(\\.\\d{1,2})?");
  private static final Pattern MINOR = Pattern.compile("-?\\d{1,17}");

  private YuanAmounts() {}

  /** Signed minor units of a yuan amount; throws IllegalArgumentException with the reason. */
  static long parseYuan(String text) {
    String t = text.strip().replace("¥", "").replace(",", "");
    if (!YUAN.matcher(t).matches()) {
      throw new IllegalArgumentException("not an amount in yuan: '" + text + "'");
    }
    boolean negative = t.startsWith("-");
    String digits = negative ? t.substring(1) : t;
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    String frac = dot < 0 ? "" : digits.substring(dot + 1);
    long minor = Long.parseLong(whole) * 100 + (frac.isEmpty() ? 0 : Long.parseLong((frac + "0").substring(0, 2)));
    return negative ? -minor : minor;
  }

  /** Signed minor units written as an integer ("12850"). */
  static long parseMinor(String text) {
    String t = text.strip();
    if (!MINOR.matcher(t).matches()) {
      throw new IllegalArgumentException("not an amount in minor units: '" + text + "'");
    }
    return Long.parseLong(t);
  }

  /** "¥128.50" for CNY, else "128.50 USD". */
  public static String format(long minor, String currency) {
    String sign = minor < 0 ? "-" : "";
    long abs = Math.abs(minor);
    String number = abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    return "CNY".equals(currency) || currency == null ? sign + "¥" + number : sign + number + " " + currency;
  }
}
