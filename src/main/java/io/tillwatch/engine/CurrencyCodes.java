package io.tillwatch.engine;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Currency codes as small numbers, so that a sale stores its currency in 15 bits instead of a
 * reference to its own String (every decoded event carries a fresh {@code "CNY"}: 48 bytes).
 *
 * <p>Design: one table for the process, shared by every engine shard (shards run on different
 * threads): lookups are lock-free ({@link ConcurrentHashMap#get} and an array read); a new code is
 * added under a lock and published by replacing the volatile array. Code 0 is "no currency". The
 * decoder admits only ISO 4217 alpha-3 codes ({@code [A-Z]{3}}, 17,576 at most), so the table can
 * never reach {@link #MAX_CODE}; an engine fed directly with more distinct strings than that is
 * refused with an exception rather than mixing them up.
 */
final class CurrencyCodes {
  static final int BITS = 15;
  static final int MAX_CODE = (1 << BITS) - 1;

  private static final ConcurrentHashMap<String, Integer> CODES = new ConcurrentHashMap<>();
  private static volatile String[] names = new String[16];
  private static int next = 1;

  private CurrencyCodes() {}

  /** The code of {@code currency} (0 for null), adding it at its first sight. */
  static int code(String currency) {
    if (currency == null) {
      return 0;
    }
    Integer code = CODES.get(currency);
    return code != null ? code : add(currency);
  }

  /** The canonical String of {@code code}, or null for 0. */
  static String name(int code) {
    return code == 0 ? null : names[code];
  }

  private static synchronized int add(String currency) {
    Integer known = CODES.get(currency);
    if (known != null) {
      return known;
    }
    if (next > MAX_CODE) {
      throw new IllegalStateException("more than " + MAX_CODE + " distinct currency codes");
    }
    int code = next++;
    String[] table = names;
    if (code >= table.length) {
      table = Arrays.copyOf(table, Math.min(table.length * 2, MAX_CODE + 1));
    } else {
      table = table.clone(); // never write into a published array: readers hold no lock
    }
    table[code] = currency;
    names = table;
    CODES.put(currency, code);
    return code;
  }
}
