package io.tillwatch.engine;

/**
 * The times a sale remembers, each the first receive time of any of its events. A deadline rule's
 * clock is one of these ({@link SaleRule}); {@link SaleState} keeps them as minima, so they do not
 * depend on the order events arrived in.
 *
 * <p>A rule's clock has started exactly when the sale's mask holds one of the clock's events, which
 * is what lets a rule "hold" as a pure function of the mask.
 */
enum SaleClock {
  STARTED(SaleMask.STARTED),
  /** Authorization, seen directly or implied: also the double charge's "authorized at". */
  AUTHORIZED(SaleMask.AUTHORIZING),
  PRINT_FAILED(SaleMask.PRINT_FAILED),
  REVERSAL_QUEUED(SaleMask.REVERSAL_QUEUED);

  /** The events that start this clock, as {@link io.tillwatch.telemetry.EventType#bit()}s. */
  final int events;

  SaleClock(int events) {
    this.events = events;
  }

  boolean startedBy(int eventBit) {
    return (events & eventBit) != 0;
  }
}
