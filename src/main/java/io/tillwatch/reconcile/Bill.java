package io.tillwatch.reconcile;

import java.util.List;

/** A bill read in full and found consistent with its own summary; nothing of it is trusted before that. */
public record Bill(BillFormat format, List<BillLine> lines) {
  public Bill {
    lines = List.copyOf(lines);
  }
}
