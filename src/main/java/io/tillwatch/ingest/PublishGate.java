package io.tillwatch.ingest;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Paces one connection's inbound messages: at most {@code maxPending} received and not yet
 * acknowledged, served at the terminal's message rate.
 *
 * <p>Design notes. A message over the rate is <em>delayed</em>, never dropped: it waits here, in
 * arrival order, and its PUBACK goes out only after it has been processed, so a terminal that
 * floods fills its own in-flight window and slows down by itself (QoS 1 flow control), while the
 * journal, the engine and the other terminals only ever see this terminal's allowed rate. Memory is
 * bounded by {@code maxPending} messages per connection: a client that ignores its window (the
 * CONNACK's Receive Maximum) and pushes past it is disconnected; whatever it had not had
 * acknowledged it resends after reconnecting, so nothing acknowledged is lost. Runs on the
 * connection's event loop only; the clock and the timer are passed in so tests drive them.
 */
final class PublishGate {
  /** Schedules {@code task} on the connection's event loop after {@code delayMs}; returns a timer id. */
  interface Timer {
    long schedule(long delayMs, Runnable task);

    void cancel(long id);
  }

  private final int maxPending;
  private final TokenBucket bucket;
  private final LongSupplier nanos;
  private final Timer timer;
  private final Runnable onThrottled;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int pending;
  private long drainTimer = -1;
  private boolean closed;

  PublishGate(ConnectionLimits limits, LongSupplier nanos, Timer timer, Runnable onThrottled) {
    this.maxPending = limits.maxInFlight();
    this.bucket = new TokenBucket(limits.messagesPerSecond(), limits.burst(), nanos.getAsLong());
    this.nanos = nanos;
    this.timer = timer;
    this.onThrottled = onThrottled;
  }

  /**
   * Admits one message and runs {@code work} now or, over the rate, later. Returns false, doing
   * nothing, when the connection already has {@code maxPending} messages unanswered.
   */
  boolean admit(Runnable work) {
    if (closed) {
      return true; // connection going away: the message is simply not processed (nor acknowledged)
    }
    if (pending >= maxPending) {
      return false;
    }
    pending++;
    if (waiting.isEmpty() && bucket.tryTake(nanos.getAsLong()) == 0) {
      work.run();
      return true;
    }
    onThrottled.run();
    waiting.add(work);
    if (drainTimer < 0) {
      scheduleDrain();
    }
    return true;
  }

  /** One admitted message has been answered (acknowledged, or refused for good). */
  void answered() {
    if (pending > 0) {
      pending--;
    }
  }

  int pending() {
    return pending;
  }

  /** The connection closed: waiting messages are dropped unacknowledged (the terminal resends them). */
  void close() {
    closed = true;
    waiting.clear();
    if (drainTimer >= 0) {
      timer.cancel(drainTimer);
      drainTimer = -1;
    }
  }

  private void scheduleDrain() {
    long waitNanos = bucket.nanosUntilToken(nanos.getAsLong());
    drainTimer = timer.schedule(Math.max(1, (waitNanos + 999_999) / 1_000_000), this::drain);
  }

  private void drain() {
    drainTimer = -1;
    while (!closed && !waiting.isEmpty() && bucket.tryTake(nanos.getAsLong()) == 0) {
      waiting.poll().run();
    }
    if (!closed && !waiting.isEmpty()) {
      scheduleDrain();
    }
  }
}
