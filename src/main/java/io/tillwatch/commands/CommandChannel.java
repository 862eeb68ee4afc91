package io.tillwatch.commands;

/**
 * Where commands go out (the port; {@code io.tillwatch.ingest} has the embedded endpoint's and the
 * broker's). A channel publishes at QoS 1 and reports the acknowledgement to the
 * {@link CommandDeliveries} it was built with.
 */
@FunctionalInterface
public interface CommandChannel {
  /**
   * Sends the command now if the channel can: the terminal holds a subscription to its own cmd
   * topic (embedded), or the broker connection is up (broker mode). False when it cannot; the
   * service keeps the command and offers it again when the terminal is reachable or at the next
   * sweep. A command already sent on the current connection and not yet acknowledged is not sent
   * again on it (true is returned). Called from any thread; must not block.
   *
   * @param payload the command's JSON ({@link CommandJson})
   */
  boolean offer(Command command, byte[] payload);

  /** Sends nothing: every command stays PENDING (until a real channel is attached or it expires). */
  CommandChannel NONE = (command, payload) -> false;
}
