package io.tillwatch.bench.wheel;

import io.netty.util.HashedWheelTimer;
import io.netty.util.TimerTask;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A Netty {@link HashedWheelTimer} set up as a fair peer of the engine's wheel: 16384 buckets
 * like the engine's, but a 1 ms tick (the engine uses 100 ms) because the worker moves at most
 * 100,000 new timeouts from its MPSC queue into the buckets per tick: at 100 ms that caps intake
 * at 1M timeouts/s, below what one producer thread offers, and the queue would grow without bound.
 * The worker thread is captured so its CPU time can be charged to the operations it processed,
 * and {@link #awaitDrained} waits until it has taken in every queued new and cancelled timeout.
 */
final class NettyTimer {
  /** One shared task: the cheapest possible use (a real one would capture its sale: +16 B each). */
  static final TimerTask NOTHING = t -> { };

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  final HashedWheelTimer timer;
  private volatile Thread worker;
  private final Queue<?> timeouts;
  private final Queue<?> cancelled;

  NettyTimer() throws ReflectiveOperationException {
    timer = new HashedWheelTimer(r -> {
      Thread t = new Thread(r, "netty-hashed-wheel");
      t.setDaemon(true);
      worker = t;
      return t;
    }, 1, TimeUnit.MILLISECONDS, 1 << 14, false);
    timer.start();
    timeouts = queue("timeouts");
    cancelled = queue("cancelledTimeouts");
  }

  private Queue<?> queue(String name) throws ReflectiveOperationException {
    Field f = HashedWheelTimer.class.getDeclaredField(name);
    f.setAccessible(true);
    return (Queue<?>) f.get(timer);
  }

  /** CPU time the worker thread has used so far, in ns. */
  long workerCpuNanos() {
    return THREADS.getThreadCpuTime(worker.getId());
  }

  /** Waits until the worker has processed every queued new and cancelled timeout (then one more tick). */
  void awaitDrained() throws InterruptedException {
    while (!timeouts.isEmpty() || !cancelled.isEmpty()) {
      Thread.sleep(1);
    }
    Thread.sleep(2);
  }

  // No stop(): it returns every pending timeout in a HashSet (10M entries would not fit the heap).
  // The worker is a daemon thread and each JMH trial runs in its own JVM.
}
