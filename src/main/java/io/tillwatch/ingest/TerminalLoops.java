package io.tillwatch.ingest;

/**
 * The event loops that own terminals: every message of one terminal is handled on the same loop,
 * and tasks given to a loop run there in the order given. The engine shards implement it (a
 * terminal's loop is its engine's), so the ingest work of a message runs where its terminal lives
 * instead of on the connection that read it.
 */
public interface TerminalLoops {
  /** How many loops. */
  int size();

  /** The loop owning a terminal, in {@code [0, size())}; the same answer for the same terminal, always. */
  int indexOf(String merchant, String terminal);

  /** Runs {@code task} on loop {@code index}, after every task given to it before. From any thread. */
  void execute(int index, Runnable task);

  /** One loop, the caller's own thread: no hand-off (a gateway without engines). */
  TerminalLoops CALLER = new TerminalLoops() {
    @Override
    public int size() {
      return 1;
    }

    @Override
    public int indexOf(String merchant, String terminal) {
      return 0;
    }

    @Override
    public void execute(int index, Runnable task) {
      task.run();
    }
  };
}
