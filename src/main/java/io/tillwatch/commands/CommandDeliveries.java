package io.tillwatch.commands;

/** What a {@link CommandChannel} tells the command service; called from any thread. */
public interface CommandDeliveries {
  /** The QoS 1 acknowledgement of the command with this id arrived. */
  void delivered(String commandId);

  /** The terminal can take commands now (it subscribed to its cmd topic): its pending ones go out. */
  void reachable(String merchant, String terminal);
}
