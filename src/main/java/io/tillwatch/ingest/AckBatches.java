package io.tillwatch.ingest;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the answers of one event loop's connections (stored, refused, not stored) onto that loop in
 * batches, and flushes each connection's PUBACKs once per batch. One instance per endpoint verticle,
 * that is per event loop.
 *
 * <p>Design notes. The journal completes a group commit of N messages on its writer thread, one
 * future after the other. Each answer used to cost a {@code runOnContext} hop to its connection's
 * loop (a task, a wake-up of a loop that may be parked in epoll) and then a PUBACK written and flushed
 * on its own (a socket write system call each). Here an answer joins this loop's queue and only the
 * first of a batch schedules a hop: {@code scheduled} stays set until the loop has emptied the queue,
 * so the commit's N answers spread over K loops cost about K hops. On the loop each answer is
 * delivered in queue order (so per connection in the order its outcomes were told: FIFO, as the
 * one-task-per-answer version was), its PUBACK written without a flush ({@link PubAckWriter}), and
 * once the queue is empty every connection written to is flushed once: one system call per
 * connection per batch instead of one per message.
 *
 * <p>Why acknowledge-after-commit is as safe as before: an answer enters the queue only where it
 * used to be handed to {@code runOnContext}, after the commit completed (or the refusal was final);
 * a PUBACK is written only on the connection's own loop, after checking there that the connection is
 * still up (a connection closed meanwhile, or taken over by a new one, gets nothing), exactly as
 * before. Batching only delays the flush of a PUBACK to the end of the loop task that wrote it, a
 * few microseconds: nothing is acknowledged earlier or to anyone else. An answer that fails is
 * logged and does not stop the others; a long queue yields the loop after {@link #MAX_PER_TURN}
 * answers (flushing first) and goes on in a new task.
 */
final class AckBatches {
  private static final Logger LOG = LoggerFactory.getLogger(AckBatches.class);
  /** Answers delivered in one loop task before yielding to the loop's other work. */
  static final int MAX_PER_TURN = 4096;

  /** One answer, delivered on the loop. */
  interface Answer {
    /** Acts on the answer; returns what it wrote to without flushing (flushed at the batch's end), or null. */
    Flushable deliver();
  }

  /** Something written to during a batch and flushed once at its end; used on the loop only. */
  abstract static class Flushable {
    private boolean queued;

    abstract void flush();
  }

  /** Runs a task on the event loop (a Vert.x context's {@code runOnContext}). */
  private final Executor loop;
  private final Queue<Answer> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ArrayList<Flushable> written = new ArrayList<>();
  private final Runnable drain = this::drain;

  AckBatches(Context context) {
    this(task -> context.runOnContext(v -> task.run()));
  }

  /** {@code loop}: runs a task on the event loop of the connections whose answers these are. */
  AckBatches(Executor loop) {
    this.loop = loop;
  }

  /** Queues an answer for the loop; from any thread. */
  void submit(Answer answer) {
    queue.add(answer);
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      loop.execute(drain);
    }
  }

  private void drain() {
    int delivered = 0;
    try {
      while (true) {
        Answer a;
        while ((a = queue.poll()) != null) {
          deliver(a);
          if (++delivered >= MAX_PER_TURN && !queue.isEmpty()) {
            loop.execute(drain); // `scheduled` stays set: the rest goes in the next task
            return;
          }
        }
        scheduled.set(false);
        // An answer queued after the last poll but before the reset saw `scheduled` set and left it
        // to this task: take it (and the flag) back unless another task already has.
        if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
          return;
        }
      }
    } finally {
      flushWritten();
    }
  }

  private void deliver(Answer a) {
    try {
      Flushable f = a.deliver();
      if (f != null && !f.queued) {
        f.queued = true;
        written.add(f);
      }
    } catch (RuntimeException | Error e) { // whatever it was, the answers behind it must still go out
      LOG.error("could not deliver the answer to a message", e);
    }
  }

  private void flushWritten() {
    for (int i = 0; i < written.size(); i++) {
      Flushable f = written.get(i);
      f.queued = false;
      try {
        f.flush();
      } catch (RuntimeException e) {
        LOG.warn("could not flush acknowledgements: {}", e.toString());
      }
    }
    written.clear();
  }
}
