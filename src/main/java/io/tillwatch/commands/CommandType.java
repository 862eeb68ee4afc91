package io.tillwatch.commands;

/** What a command asks a terminal to do; {@code REPRINT} is the only type so far. */
public enum CommandType {
  /** Print the receipt of a sale (one the terminal may never have seen complete). */
  REPRINT;

  /** Lower-case metric label. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
