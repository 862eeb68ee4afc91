package io.tillwatch.engine;

/**
 * A txn id packed into two longs, stored inline in its {@link SaleState} instead of as a String.
 *
 * <p>Design: a String costs a 24-byte object plus a byte[] of 16 + length bytes (56 bytes for the
 * contract's {@code 20261130-000123}), and it was the largest part of an open sale. Ids are ASCII
 * by contract ({@code [A-Za-z0-9_.-]}), so each char fits in 7 bits: nine chars per long, the
 * first char in the lowest bits, 0 beyond the end. An id of at most {@link #INLINE_CHARS} ASCII
 * chars other than NUL is "inline": its two words identify it exactly (no char is 0, so the
 * padding cannot be confused with a char), and it needs no other storage. Any other id (longer, or
 * outside ASCII when the engine is fed directly) keeps its String in {@link SaleState.LongId};
 * its words, then folded from the first 18 chars, serve only as its hash.
 */
final class TxnId {
  static final int CHARS_PER_WORD = 9;
  static final int INLINE_CHARS = 2 * CHARS_PER_WORD;

  private TxnId() {}

  static boolean inline(String txn) {
    int n = txn.length();
    if (n > INLINE_CHARS) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = txn.charAt(i);
      if (c == 0 || c > 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** Chars {@code [from, from + 9)} of {@code txn}, 7 bits each; exact for an inline id. */
  static long word(String txn, int from) {
    long w = 0;
    int end = Math.min(txn.length(), from + CHARS_PER_WORD);
    for (int i = end - 1; i >= from; i--) {
      w = (w << 7) | (txn.charAt(i) & 0x7F);
    }
    return w;
  }

  /** The id of two inline words (allocates: for findings and views, not for lookups). */
  static String decode(long w0, long w1) {
    StringBuilder sb = new StringBuilder(INLINE_CHARS);
    append(sb, w0);
    append(sb, w1);
    return sb.toString();
  }

  private static void append(StringBuilder sb, long w) {
    for (; w != 0; w >>>= 7) {
      sb.append((char) (w & 0x7F));
    }
  }

  /**
   * A well-mixed hash of the words (MurmurHash3's 64-bit finalizer): ids of one terminal share long
   * prefixes ({@code 20261130-...}) and linear probing needs every bit of the id in the low bits.
   */
  static int hash(long w0, long w1) {
    long h = w0 ^ Long.rotateLeft(w1, 29);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /**
   * 64 bits of the whole id, for remembering a forgotten sale ({@link ForgottenSales}): from the
   * words of an inline id (they are the id), from every char of any other.
   */
  static long fingerprint(String txn) {
    if (inline(txn)) {
      return fingerprint(word(txn, 0), word(txn, CHARS_PER_WORD));
    }
    long h = 0xcbf29ce484222325L; // FNV-1a over the chars, then mixed
    for (int i = 0; i < txn.length(); i++) {
      h = (h ^ txn.charAt(i)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** The fingerprint of an inline id's words. */
  static long fingerprint(long w0, long w1) {
    return mix(mix(w0) + w1 * 0x9e3779b97f4a7c15L);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
