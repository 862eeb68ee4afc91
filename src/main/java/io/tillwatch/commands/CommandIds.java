package io.tillwatch.commands;

import java.security.SecureRandom;

/**
 * Command ids: {@code cmd-} + 10 base32 characters of the creation time in milliseconds + 16 random
 * base32 characters (80 bits). Ids of later commands sort after earlier ones; two instances or a
 * restart never make the same id.
 */
public final class CommandIds {
  private static final String BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private CommandIds() {}

  public static String next(long nowMs) {
    StringBuilder id = new StringBuilder(30).append("cmd-");
    appendBase32(id, nowMs, 10);
    appendBase32(id, RANDOM.nextLong(), 8);
    appendBase32(id, RANDOM.nextLong(), 8);
    return id.toString();
  }

  /** The lowest {@code 5 * chars} bits of {@code value}, most significant first. */
  private static void appendBase32(StringBuilder out, long value, int chars) {
    for (int shift = 5 * (chars - 1); shift >= 0; shift -= 5) {
      out.append(BASE32.charAt((int) ((value >>> shift) & 31)));
    }
  }
}
