package io.tillwatch.sim;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The amounts of a terminal's recent sales in doubt (unconfirmed, unprinted, reversal, double), which
 * new sales avoid: the double-charge rule matches on amount, so only an injected DOUBLE may repeat one.
 * Bounded, oldest forgotten first. Not thread-safe: one per terminal.
 */
final class DoubtfulAmounts {
  private static final int MAX = 512;

  private final Set<Long> amounts = new LinkedHashSet<>();

  /** Remembers the sale's amount when its fault leaves it in doubt. */
  void noteSale(FaultKind fault, Sale sale) {
    if (fault == FaultKind.UNPRINTED || fault == FaultKind.UNCONFIRMED || fault == FaultKind.DOUBLE || fault == FaultKind.REVERSAL) {
      amounts.add(sale.amount());
      if (amounts.size() > MAX) {
        amounts.remove(amounts.iterator().next());
      }
    }
  }

  Set<Long> asSet() {
    return Collections.unmodifiableSet(amounts);
  }
}
