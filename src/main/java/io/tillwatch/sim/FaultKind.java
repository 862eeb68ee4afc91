package io.tillwatch.sim;

import io.tillwatch.engine.FindingKind;
import java.util.Locale;

/**
 * The faults the simulator can inject, each made to produce exactly one finding kind of the
 * telemetry contract. Sale-level faults shape one sale's events; terminal-level faults change how
 * the terminal as a whole behaves for a while (and do not overlap on one terminal).
 */
public enum FaultKind {
  UNPRINTED(FindingKind.UNPRINTED_RECEIPT, true),
  UNCONFIRMED(FindingKind.UNCONFIRMED_SALE, true),
  DOUBLE(FindingKind.DOUBLE_CHARGE_RISK, true),
  REVERSAL(FindingKind.STUCK_REVERSAL, true),
  GAP(FindingKind.TELEMETRY_GAP, true),
  SILENT(FindingKind.TERMINAL_SILENT, false),
  BACKLOG(FindingKind.UPLOAD_BACKLOG, false);

  private final FindingKind finding;
  private final boolean saleLevel;

  FaultKind(FindingKind finding, boolean saleLevel) {
    this.finding = finding;
    this.saleLevel = saleLevel;
  }

  /** The finding this fault produces (DOUBLE also produces an UNCONFIRMED_SALE for its first sale). */
  public FindingKind finding() {
    return finding;
  }

  /** True when the fault shapes a single sale; false when it changes the terminal's behaviour. */
  public boolean saleLevel() {
    return saleLevel;
  }

  /** The name used in fault specs, e.g. {@code unprinted}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Looks up a spec name (case-insensitive); null when unknown. */
  public static FaultKind fromSpec(String name) {
    for (FaultKind k : values()) {
      if (k.specName().equalsIgnoreCase(name)) {
        return k;
      }
    }
    return null;
  }
}
