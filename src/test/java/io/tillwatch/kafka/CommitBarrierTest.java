package io.tillwatch.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** A commit waits for every write before it, fails when one failed, and gives up after its patience. */
class CommitBarrierTest {
  @Test
  void theCommitWaitsUntilEveryWriteBeforeItIsStored() throws Exception {
    CommitBarrier barrier = new CommitBarrier(Duration.ofSeconds(30));
    CompletableFuture<Void> slow = new CompletableFuture<>();
    barrier.add(CompletableFuture.completedFuture(null));
    barrier.add(slow);
    CountDownLatch committed = new CountDownLatch(1);
    Thread commit = new Thread(() -> {
      barrier.await();
      committed.countDown();
    });
    commit.start();
    // Parked in the wait for the slow write, not merely slow to get there: then it must not have committed.
    await().atMost(Duration.ofSeconds(5)).until(() -> commit.getState() == Thread.State.TIMED_WAITING);
    assertEquals(1, committed.getCount(), "committed before the write was stored");
    slow.complete(null);
    assertTrue(committed.await(5, TimeUnit.SECONDS));
  }

  @Test
  void aFailedWriteFailsTheCommitEvenWhenItFailedLongBefore() {
    CommitBarrier barrier = new CommitBarrier(Duration.ofSeconds(30));
    barrier.add(CompletableFuture.failedFuture(new IllegalStateException("store down")));
    barrier.add(CompletableFuture.completedFuture(null)); // a later write that succeeded does not hide it
    assertThrows(StreamsException.class, barrier::await);
  }

  @Test
  void aStoreThatDoesNotAnswerFailsTheCommitAfterThePatience() {
    CommitBarrier barrier = new CommitBarrier(Duration.ofMillis(100));
    barrier.add(new CompletableFuture<>());
    assertThrows(StreamsException.class, barrier::await);
  }
}
