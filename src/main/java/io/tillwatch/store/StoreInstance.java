package io.tillwatch.store;

import java.security.SecureRandom;

/** A short random name for this process on a shared store, new at every start. */
final class StoreInstance {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private StoreInstance() {}

  static String newId() {
    char[] out = new char[10];
    for (int i = 0; i < out.length; i++) {
      out[i] = DIGITS[RANDOM.nextInt(DIGITS.length)];
    }
    return new String(out);
  }
}
