package io.tillwatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Hands the messages a connection's loop reads to the loops owning their terminals: one hand-off
 * per owning loop per turn of the connection's loop, not one per message.
 *
 * <p>Design note. A hand-off to another loop costs a queue insertion and, when that loop sleeps, a
 * wake-up of its thread: per message, on a busy machine, that cost rivals the decoding it moves
 * (handing off each message alone, broker mode took about twice the CPU per message of the single
 * loop on a loaded 2-core machine). The
 * connection's loop reads a burst of messages in one turn, so the tasks are gathered per owning
 * loop and flushed by a task queued on the connection's own loop, which runs after the turn's
 * reads. Order is kept: a loop receives its batches in turn order, each batch in arrival order.
 * Used on the connection's loop only.
 */
final class TerminalHandoff {
  private final TerminalLoops loops;
  private final Executor connectionLoop;
  private final List<List<Runnable>> gathered;
  private boolean flushQueued;

  /** @param connectionLoop runs a task on the connection's loop after what it is doing now */
  TerminalHandoff(TerminalLoops loops, Executor connectionLoop) {
    this.loops = loops;
    this.connectionLoop = connectionLoop;
    this.gathered = new ArrayList<>(loops.size());
    for (int i = 0; i < loops.size(); i++) {
      gathered.add(new ArrayList<>());
    }
  }

  void submit(String merchant, String terminal, Runnable task) {
    gathered.get(loops.indexOf(merchant, terminal)).add(task);
    if (!flushQueued) {
      flushQueued = true;
      connectionLoop.execute(this::flush);
    }
  }

  private void flush() {
    flushQueued = false;
    for (int i = 0; i < gathered.size(); i++) {
      List<Runnable> batch = gathered.get(i);
      if (!batch.isEmpty()) {
        gathered.set(i, new ArrayList<>());
        loops.execute(i, () -> batch.forEach(Runnable::run));
      }
    }
  }
}
