package io.tillwatch.engine;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;

/**
 * Amounts for people: minor units in their currency's form, {@code ¥128.50}, {@code $3.20},
 * {@code 12 KRW}... The symbol is shown only where it is unambiguous in a shop; otherwise the code.
 */
public final class Money {
  private static final Map<String, String> SYMBOLS = Map.of("CNY", "¥", "USD", "$", "EUR", "€", "GBP", "£",
      "HKD", "HK$", "JPY", "JP¥");

  private Money() {}

  /** {@code amount} in minor units of {@code currency} (ISO 4217); "?" when the amount is unknown (negative). */
  public static String format(long amount, String currency) {
    if (amount < 0) {
      return "?";
    }
    int digits = 2;
    if (currency != null) {
      try {
        digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
      } catch (IllegalArgumentException e) {
        digits = 2; // a code the JDK does not know: fen/cents is the common case
      }
    }
    String number = BigDecimal.valueOf(amount, digits).toPlainString();
    String symbol = currency == null ? null : SYMBOLS.get(currency);
    if (symbol != null) {
      return symbol + number;
    }
    return currency == null ? number : number + " " + currency;
  }
}
