package io.tillwatch.tasks;

import java.security.SecureRandom;

/**
 * Task ids: {@code t_} + a ULID (48-bit time, 80 random bits, Crockford base32), so ids sort by
 * creation time and never collide across restarts or instances.
 */
public final class TaskIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private TaskIds() {}

  public static String next(long nowMs) {
    char[] out = new char[28];
    out[0] = 't';
    out[1] = '_';
    long time = nowMs;
    for (int i = 11; i >= 2; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (r[i] & 0xff);
      lo = (lo << 8) | (r[i + 5] & 0xff);
    }
    for (int i = 19; i >= 12; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 27; i >= 20; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }
}
