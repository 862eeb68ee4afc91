package io.tillwatch.telemetry;

/** The terminal-to-TillWatch topics of the contract, by their last level. */
public enum TopicKind {
  TXN("txn"),
  HEARTBEAT("heartbeat"),
  STATUS("status"),
  /** A terminal's answer to a command TillWatch sent on its {@code cmd} topic. */
  CMD_RESULT("cmd-result");

  private final String level;

  TopicKind(String level) {
    this.level = level;
  }

  public String level() {
    return level;
  }
}
