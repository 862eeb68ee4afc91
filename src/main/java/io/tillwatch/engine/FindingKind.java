package io.tillwatch.engine;

/**
 * The kinds of finding of the telemetry contract (and the settlement bill's), each with its default
 * severity and the next step, in plain words, that the operator task carries.
 *
 * <p>This is the one public catalogue of what a kind means to the people and the packages outside
 * the engine (tasks, metrics, the simulator); when the engine raises and clears a kind is declared
 * by its rule ({@code SaleRule}, {@code TerminalRule}, {@code DoubleCharge}), which refers to its
 * kind here, never the other way round.
 */
public enum FindingKind {
  UNPRINTED_RECEIPT(Severity.WARNING, true,
      "The sale was authorized but no receipt was printed. Reprint the receipt for the customer; "
          + "do not charge again."),
  UNCONFIRMED_SALE(Severity.CRITICAL, true,
      "The terminal started the sale but never learned the host's answer. Look the sale up in the acquirer "
          + "back office by rrn, amount and time: if it is there, reprint the receipt; if it is not, collect again."),
  DOUBLE_CHARGE_RISK(Severity.CRITICAL, true,
      "The same amount was authorized again shortly after a sale whose outcome or receipt was in doubt. "
          + "Check the back office for two charges; void or refund one."),
  TERMINAL_SILENT(Severity.WARNING, false,
      "Nothing has been heard from the terminal. Check its power and network."),
  TELEMETRY_GAP(Severity.WARNING, false,
      "Some of the terminal's transaction events never arrived, so TillWatch's record of those sales is "
          + "incomplete. Check the sales on the terminal itself."),
  STUCK_REVERSAL(Severity.CRITICAL, true,
      "The terminal gave up on this sale and queued a reversal that was never confirmed: the customer may be "
          + "charged. Check the back office and refund if charged; do not collect again before this is settled."),
  UPLOAD_BACKLOG(Severity.WARNING, false,
      "The terminal holds offline-approved sales that it has not sent to the acquirer. Restore its connection "
          + "so it can upload them before they expire."),
  /**
   * Raised by settlement reconciliation, not by the engine. Not per sale in {@link #perSale()}'s sense:
   * its subject is the bill's merchant order number, not a txn id (the task still names the sale's
   * txn when TillWatch knows it).
   */
  SETTLED_NOT_SEEN(Severity.CRITICAL, false,
      "The acquirer's settlement bill shows this sale charged, but TillWatch never saw it complete. Check that the "
          + "customer got the goods and a receipt; do not collect again. Reprint from the back office if needed.");

  private final Severity defaultSeverity;
  private final boolean perSale;
  private final String action;

  FindingKind(Severity defaultSeverity, boolean perSale, String action) {
    this.defaultSeverity = defaultSeverity;
    this.perSale = perSale;
    this.action = action;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  /** True when the finding is about one sale (its subject is the txn id); false for terminal-level findings. */
  public boolean perSale() {
    return perSale;
  }

  /** False for kinds raised from outside the engine (settlement reconciliation), which telemetry alone never shows. */
  public boolean fromTelemetry() {
    return this != SETTLED_NOT_SEEN;
  }

  /** True when the finding is about a customer's money (a sale, or a charge on the bill): what shops are told of first. */
  public boolean aboutMoney() {
    return perSale || this == SETTLED_NOT_SEEN;
  }

  /** The suggested next step for the operator. */
  public String action() {
    return action;
  }
}
