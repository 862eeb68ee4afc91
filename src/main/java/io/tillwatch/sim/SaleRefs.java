package io.tillwatch.sim;

import java.util.Locale;

/**
 * Merchant order numbers ({@code out_trade_no}) of simulated sales: the terminal id, a dash and the
 * txn id, which is unique per terminal and run, so the number is unique per merchant. WeChat Pay
 * allows 6..32 characters of {@code [A-Za-z0-9_-*]}; these stay within {@code [A-Za-z0-9_-]}, at most
 * 32. A terminal id too long for that (or holding a dot) is replaced by a short hash of itself.
 */
final class SaleRefs {
  static final int MAX = 32;
  private static final int MIN = 6;

  private SaleRefs() {}

  static String of(String terminal, String txn) {
    String t = clean(txn);
    String prefix = terminal == null ? "S" : clean(terminal);
    if (terminal != null && (!prefix.equals(terminal) || prefix.length() + 1 + t.length() > MAX)) {
      prefix = "h" + Integer.toString(terminal.hashCode() & 0x7fffffff, 36).toUpperCase(Locale.ROOT);
    }
    String ref = prefix + "-" + t;
    if (ref.length() > MAX) {
      ref = ref.substring(ref.length() - MAX);
    }
    while (ref.length() < MIN) {
      ref = "0" + ref;
    }
    return ref;
  }

  /** The order number of a retried sale: the first sale's with its txn id swapped for the new one. */
  static String retried(String firstRef, String firstTxn, String newTxn) {
    String t = clean(firstTxn);
    int cut = firstRef.endsWith(t) ? firstRef.length() - t.length() : firstRef.indexOf('-') + 1;
    String ref = firstRef.substring(0, cut) + clean(newTxn);
    return ref.length() > MAX ? ref.substring(ref.length() - MAX) : ref;
  }

  private static String clean(String id) {
    StringBuilder b = new StringBuilder(id.length());
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '_');
    }
    return b.toString();
  }
}
