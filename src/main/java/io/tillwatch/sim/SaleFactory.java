package io.tillwatch.sim;

import io.tillwatch.telemetry.PaymentMethod;
import java.util.Random;
import java.util.Set;

/** Draws realistic sales: amounts in fen, CNY, card / QR / contactless / wallet, acquirer references. */
final class SaleFactory {
  static final long MIN_AMOUNT = 100;
  static final long MAX_AMOUNT = 50_000;
  private static final PaymentMethod[] METHODS = {PaymentMethod.CARD, PaymentMethod.QR, PaymentMethod.CONTACTLESS, PaymentMethod.WALLET};
  private static final String[] BINS = {"622848", "622202", "621700", "436742", "524374"};
  private static final String CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

  private SaleFactory() {}

  /**
   * A new sale whose amount is not in {@code avoid}: the terminal passes the amounts of its sales
   * in doubt, so that only injected double-charge faults ever repeat one (the double-charge rule
   * matches on amount).
   */
  static Sale next(Random rnd, String txn, Set<Long> avoid) {
    return next(rnd, txn, SaleRefs.of(null, txn), avoid);
  }

  /** As {@link #next(Random, String, Set)}, with the sale's merchant order number. */
  static Sale next(Random rnd, String txn, String ref, Set<Long> avoid) {
    long amount;
    do {
      amount = MIN_AMOUNT + (long) (rnd.nextDouble() * (MAX_AMOUNT - MIN_AMOUNT + 1));
    } while (avoid.contains(amount));
    PaymentMethod method = METHODS[rnd.nextInt(METHODS.length)];
    boolean card = method == PaymentMethod.CARD || method == PaymentMethod.CONTACTLESS;
    String pan = card ? maskedPan(rnd) : null;
    return new Sale(txn, amount, "CNY", method, rrn(rnd), authCode(rnd), pan, ref);
  }

  static String rrn(Random rnd) {
    StringBuilder sb = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    return sb.toString();
  }

  static String authCode(Random rnd) {
    StringBuilder sb = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      sb.append(CODE_CHARS.charAt(rnd.nextInt(CODE_CHARS.length())));
    }
    return sb.toString();
  }

  /** BIN (6 digits) + 6 mask characters + last 4: the contract allows at most 8 + 4 in clear. */
  static String maskedPan(Random rnd) {
    return BINS[rnd.nextInt(BINS.length)] + "******" + String.format("%04d", rnd.nextInt(10_000));
  }
}
