package io.tillwatch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-event-loop answer queue on its own: answers told on another thread (as the journal's
 * writer thread tells them) while the loop is busy arrive in one loop task, in order, and each
 * connection written to is flushed once for the whole batch.
 */
class AckBatchesTest {
  private Vertx vertx;
  private Context context;
  private AckBatches acks;
  private final List<String> events = new CopyOnWriteArrayList<>();
  /** Loop tasks (hops) the queue asked for. */
  private final AtomicInteger hops = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    acks = new AckBatches(task -> {
      hops.incrementAndGet();
      context.runOnContext(v -> task.run());
    });
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersToldWhileTheLoopIsBusyArriveInOneTaskInOrderWithOneFlushPerConnection() throws Exception {
    CountDownLatch busy = blockTheLoop();
    Target a = new Target("a");
    Target b = new Target("b");
    for (int i = 0; i < 50; i++) {
      Target t = i % 2 == 0 ? a : b;
      int n = i;
      acks.submit(() -> {
        events.add((Vertx.currentContext() == context ? "" : "elsewhere:") + t.name + n);
        return t;
      });
    }
    busy.countDown();
    awaitEvents(50 + 2);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add((i % 2 == 0 ? "a" : "b") + i);
    }
    assertEquals(expected, events.subList(0, 50), "delivered in the order told");
    assertEquals(List.of("flush:a", "flush:b"), events.subList(50, 52), "each connection flushed once, after the batch");
    assertEquals(1, hops.get(), "50 answers, one hop to the loop");
  }

  @Test
  void anAnswerThatFailsDoesNotStopTheOthersNorLaterBatches() throws Exception {
    Target a = new Target("a");
    CountDownLatch busy = blockTheLoop();
    acks.submit(() -> {
      events.add("1");
      return a;
    });
    acks.submit(() -> {
      throw new IllegalStateException("broken answer");
    });
    acks.submit(() -> {
      events.add("3");
      return null; // wrote nothing: nothing to flush for it
    });
    busy.countDown();
    awaitEvents(3);
    assertEquals(List.of("1", "3", "flush:a"), events);

    acks.submit(() -> {
      events.add("4");
      return a;
    });
    awaitEvents(5);
    assertEquals(List.of("1", "3", "flush:a", "4", "flush:a"), events);
    assertEquals(2, hops.get(), "the failure left the queue ready for the next batch");
  }

  @Test
  void aLongQueueYieldsTheLoopAndStillDeliversEverything() throws Exception {
    Target a = new Target("a");
    AtomicInteger delivered = new AtomicInteger();
    CountDownLatch busy = blockTheLoop();
    int n = AckBatches.MAX_PER_TURN * 2 + 10;
    for (int i = 0; i < n; i++) {
      acks.submit(() -> {
        delivered.incrementAndGet();
        return a;
      });
    }
    busy.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.get() >= n && a.flushes.get() >= 3);
    assertEquals(n, delivered.get());
    assertEquals(3, a.flushes.get(), "one flush per loop task of at most MAX_PER_TURN answers");
    assertEquals(3, hops.get());
  }

  private CountDownLatch blockTheLoop() throws InterruptedException {
    return hold(task -> context.runOnContext(v -> task.run()));
  }

  /** Occupies an event loop until the returned latch is counted down, as a busy loop would be. */
  static CountDownLatch hold(Executor loop) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      running.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    return release;
  }

  /** Until {@code n} events are in, then they stay {@code n} for a while: nothing more arrives. */
  private void awaitEvents(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= n);
    await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> events.size() == n);
  }

  private final class Target extends AckBatches.Flushable {
    final String name;
    final AtomicInteger flushes = new AtomicInteger();

    Target(String name) {
      this.name = name;
    }

    @Override
    void flush() {
      flushes.incrementAndGet();
      events.add("flush:" + name);
    }
  }
}
