package io.tillwatch.telemetry;

/** The three terminal-to-TillWatch topics of the contract, by their last level. */
public enum TopicKind {
  TXN("txn"),
  HEARTBEAT("heartbeat"),
  STATUS("status");

  private final String level;

  TopicKind(String level) {
    this.level = level;
  }

  public String level() {
    return level;
  }
}
