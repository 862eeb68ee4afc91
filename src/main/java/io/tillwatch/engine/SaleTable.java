package io.tillwatch.engine;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A terminal's sales by txn id: an open-addressing hash table of the {@link SaleState}s themselves.
 *
 * <p>Design: a {@code HashMap<String, SaleState>} costs a 32-byte Node per sale on top of its
 * table slot, and needs the txn String as key. Here the sale is its own entry and its key is its
 * {@link TxnId} words, so an entry costs one 4-byte slot of the table (at most 75% full, so 5.3
 * to 10.7 bytes per sale). Linear probing; removal shifts the following run back (no tombstones),
 * so lookups stay short after heavy eviction. The table is allocated at the first sale, halves when
 * less than an eighth is used and goes when empty, so an idle terminal holds no array. Lookup allocates
 * nothing: it compares the two words, and the String only for a {@link SaleState.LongId}.
 *
 * <p>Iteration order is the slot order: unspecified, like the HashMap it replaces. Not to be
 * modified while iterated. Single-threaded, like the engine.
 */
final class SaleTable implements Iterable<SaleState> {
  private static final int MIN_CAPACITY = 8;

  private SaleState[] slots;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  SaleState get(String txn) {
    if (slots == null) {
      return null;
    }
    long w0 = TxnId.word(txn, 0);
    long w1 = TxnId.word(txn, TxnId.CHARS_PER_WORD);
    boolean inline = TxnId.inline(txn);
    int mask = slots.length - 1;
    for (int i = TxnId.hash(w0, w1) & mask; ; i = (i + 1) & mask) {
      SaleState s = slots[i];
      if (s == null) {
        return null;
      }
      if (s.id0 == w0 && s.id1 == w1 && s.hasId(txn, inline)) {
        return s;
      }
    }
  }

  /** Adds a sale whose id is not in the table. */
  void add(SaleState s) {
    if (slots == null) {
      slots = new SaleState[MIN_CAPACITY];
    } else if (size + 1 > slots.length - (slots.length >>> 2)) {
      resize(slots.length << 1);
    }
    insert(slots, s);
    size++;
  }

  /** Removes this very sale; no-op if absent. */
  void remove(SaleState s) {
    if (slots == null) {
      return;
    }
    int mask = slots.length - 1;
    int i = TxnId.hash(s.id0, s.id1) & mask;
    while (slots[i] != s) {
      if (slots[i] == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    slots[i] = null;
    size--;
    // shift back every following entry of the run whose home is not between the hole and itself
    for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      SaleState e = slots[j];
      int home = TxnId.hash(e.id0, e.id1) & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        slots[i] = e;
        slots[j] = null;
        i = j;
      }
    }
    if (size == 0) {
      slots = null;
    } else if (slots.length > MIN_CAPACITY && size < slots.length >>> 3) {
      resize(slots.length >>> 1);
    }
  }

  private void resize(int capacity) {
    SaleState[] old = slots;
    SaleState[] fresh = new SaleState[capacity];
    for (SaleState s : old) {
      if (s != null) {
        insert(fresh, s);
      }
    }
    slots = fresh;
  }

  private static void insert(SaleState[] table, SaleState s) {
    int mask = table.length - 1;
    int i = TxnId.hash(s.id0, s.id1) & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = s;
  }

  @Override
  public Iterator<SaleState> iterator() {
    return new Iterator<>() {
      private final SaleState[] table = slots;
      private int next = advance(0);

      private int advance(int from) {
        int i = from;
        while (table != null && i < table.length && table[i] == null) {
          i++;
        }
        return i;
      }

      @Override
      public boolean hasNext() {
        return table != null && next < table.length;
      }

      @Override
      public SaleState next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SaleState s = table[next];
        next = advance(next + 1);
        return s;
      }
    };
  }
}
