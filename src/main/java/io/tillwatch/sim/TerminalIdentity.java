package io.tillwatch.sim;

import io.tillwatch.telemetry.Topic;

/** Who a simulated terminal is and where it publishes. */
record TerminalIdentity(String merchant, String terminal, String store, String region) {

  static TerminalIdentity of(SimulatorOptions o, int index) {
    int m = o.merchantIndexOf(index);
    String[] regions = {"east", "west", "north", "south"};
    return new TerminalIdentity(o.merchantId(m), o.terminalId(index), String.format("S%04d", index / 5 + 1), regions[m % regions.length]);
  }

  String txnTopic() {
    return topic("txn");
  }

  String heartbeatTopic() {
    return topic("heartbeat");
  }

  String statusTopic() {
    return topic("status");
  }

  String commandTopic() {
    return Topic.commandTopic(merchant, terminal);
  }

  /** Where the terminal answers commands. */
  String commandResultTopic() {
    return topic("cmd-result");
  }

  private String topic(String kind) {
    return Topic.PREFIX + merchant + "/" + terminal + "/" + kind;
  }
}
