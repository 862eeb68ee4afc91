package io.tillwatch.commands;

/** Why a terminal's command result changed nothing. Closed set: each is a metric label. */
public enum ResultRefusal {
  /** No command with that id (never made, or made by another TillWatch instance). */
  UNKNOWN_ID,
  /** The command exists but was sent to another terminal: a terminal may answer only its own. */
  OTHER_TERMINAL,
  /** The command already has an answer; the first one stands. */
  DUPLICATE,
  /** The result breaks the contract (not JSON, missing id or status, unknown status, card data). */
  MALFORMED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
