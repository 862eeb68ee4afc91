package io.tillwatch.commands;

/**
 * Where a command is: {@code PENDING} (stored, not yet acknowledged by the terminal or broker),
 * {@code DELIVERED} (acknowledged: the terminal, or in broker mode the broker, has it), then one
 * final state: the terminal's answer ({@code DONE}, {@code FAILED}, {@code REJECTED}) or
 * {@code EXPIRED} (no answer before {@code expiresAt}).
 */
public enum CommandState {
  PENDING,
  DELIVERED,
  DONE,
  FAILED,
  REJECTED,
  EXPIRED;

  /** Still waiting for delivery or an answer. */
  public boolean open() {
    return this == PENDING || this == DELIVERED;
  }

  /** One of the terminal's answers. */
  public boolean answered() {
    return this == DONE || this == FAILED || this == REJECTED;
  }

  /** Lower-case metric label. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
