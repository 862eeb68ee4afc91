package io.tillwatch.engine;

/**
 * The sales of one terminal that closed and were then forgotten (their linger over, or evicted to
 * make room), remembered by a fingerprint of their txn id for a while longer, so that a late event
 * of such a sale is absorbed as it would have been while the sale lingered, instead of starting a
 * new sale whose deadlines would raise a false finding (a late STARTED of a sale long completed is
 * an UNCONFIRMED_SALE two minutes later).
 *
 * <p>Design: a ring of (fingerprint, time forgotten), oldest first. The engine's clock never goes
 * back, so the ring is in time order and entries past the horizon leave from the head; at
 * {@code capacity} the oldest leaves early. A lookup scans, newest first, over the sales this
 * terminal closed within the horizon (a few hundred a day for a busy till); the engine asks only
 * for events stamped long before they arrived, so ordinary traffic never scans. 16 bytes a sale. A fingerprint is 64 bits of a well-mixed hash of the whole id
 * ({@link TxnId#fingerprint}): two ids of one terminal share one with odds of about n / 2^64, the
 * only way a new sale could be mistaken for a forgotten one.
 */
final class ForgottenSales {
  private long[] fingerprints = new long[8];
  private long[] forgottenAtMs = new long[8];
  private int head;
  private int size;

  int size() {
    return size;
  }

  /** Drops what was forgotten before {@code oldestMs}; returns how many went. */
  int expire(long oldestMs) {
    int gone = 0;
    while (size > 0 && forgottenAtMs[head] < oldestMs) {
      head = (head + 1) % fingerprints.length;
      size--;
      gone++;
    }
    if (size > 8 && size < fingerprints.length / 4) {
      resize(fingerprints.length / 2);
    }
    return gone;
  }

  /** Remembers a sale forgotten at {@code atMs}; returns how many entries that adds (0 when the oldest made room). */
  int add(long fingerprint, long atMs, int capacity) {
    int added = 1;
    if (size >= capacity) {
      head = (head + 1) % fingerprints.length;
      size--;
      added = 0;
    } else if (size == fingerprints.length) {
      resize(fingerprints.length * 2);
    }
    int at = (head + size) % fingerprints.length;
    fingerprints[at] = fingerprint;
    forgottenAtMs[at] = atMs;
    size++;
    return added;
  }

  boolean contains(long fingerprint) {
    for (int i = size - 1; i >= 0; i--) {
      if (fingerprints[(head + i) % fingerprints.length] == fingerprint) {
        return true;
      }
    }
    return false;
  }

  private void resize(int length) {
    long[] f = new long[length];
    long[] t = new long[length];
    for (int i = 0; i < size; i++) {
      f[i] = fingerprints[(head + i) % fingerprints.length];
      t[i] = forgottenAtMs[(head + i) % fingerprints.length];
    }
    fingerprints = f;
    forgottenAtMs = t;
    head = 0;
  }
}
