package io.tillwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** One hand-off per owning loop per turn of the connection's loop, each terminal's tasks in order. */
class TerminalHandoffTest {
  private final Queue<Runnable> connectionLoop = new ArrayDeque<>();
  private final List<Queue<Runnable>> loops = List.of(new ArrayDeque<>(), new ArrayDeque<>());
  private final TerminalLoops twoLoops = new TerminalLoops() {
    @Override
    public int size() {
      return 2;
    }

    @Override
    public int indexOf(String merchant, String terminal) {
      return terminal.startsWith("a") ? 0 : 1;
    }

    @Override
    public void execute(int index, Runnable task) {
      loops.get(index).add(task);
    }
  };
  private final TerminalHandoff handoff = new TerminalHandoff(twoLoops, connectionLoop::add);
  private final List<String> ran = new ArrayList<>();

  @Test
  void aTurnsMessagesGoToTheirLoopsInOneHandOffEachAndInOrder() {
    for (int i = 0; i < 5; i++) {
      String n = String.valueOf(i);
      handoff.submit("m", "a1", () -> ran.add("a1-" + n));
      handoff.submit("m", "b1", () -> ran.add("b1-" + n));
    }
    assertEquals(1, connectionLoop.size(), "one flush for the turn");
    assertEquals(0, loops.get(0).size() + loops.get(1).size(), "nothing handed off before the turn ends");
    run(connectionLoop);
    assertEquals(1, loops.get(0).size());
    assertEquals(1, loops.get(1).size());
    run(loops.get(1));
    run(loops.get(0));
    assertEquals(List.of("b1-0", "b1-1", "b1-2", "b1-3", "b1-4", "a1-0", "a1-1", "a1-2", "a1-3", "a1-4"), ran);

    handoff.submit("m", "a2", () -> ran.add("a2"));
    assertEquals(1, connectionLoop.size(), "the next turn flushes again");
    run(connectionLoop);
    assertEquals(1, loops.get(0).size());
    assertEquals(0, loops.get(1).size(), "a loop with nothing this turn gets nothing");
  }

  private static void run(Queue<Runnable> loop) {
    Runnable task;
    while ((task = loop.poll()) != null) {
      task.run();
    }
  }
}
