package io.tillwatch.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The acknowledgements of one broker connection, sent in the order its messages arrived.
 *
 * <p>Design note. Messages are made safe on the loops of their terminals, so they become safe out
 * of arrival order (another shard commits first, a heartbeat takes an extra hop). MQTT asks a client
 * to send its PUBACKs in the order the PUBLISH packets arrived (3.1.1 and 5.0, section 4.6,
 * [MQTT-4.6.0-2]); vertx-mqtt does not see to it (a manual {@code ack()} writes the PUBACK at once),
 * and a broker may rely on it. So every message takes a slot on arrival, on the connection's loop.
 * Releasing a slot (from any thread: the journal's writer, a shard) schedules one drain on that loop,
 * which acknowledges the released slots at the head and stops at the first still waiting: a batch of
 * commits costs one hop, and a message waits at most for those that arrived before it, which group
 * commit makes durable together anyway. A slot never released (a message not stored: the connection
 * is dropped) holds back everything after it, which is right: none of it is acknowledged, and the
 * broker redelivers all of it on the next connection.
 */
final class BrokerAcks {
  private final Executor loop;
  private final LongSupplier nanos;
  private final ArrayDeque<Slot> arrived = new ArrayDeque<>(); // the connection's loop only
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  /** Runs once no more than {@code fewEnough} messages wait; null for none. The connection's loop only. */
  private Runnable whenFewEnough;
  private int fewEnough;
  /** When the oldest message not acknowledged yet arrived (on {@code nanos}), 0 for none; read from any thread. */
  private volatile long oldestArrivedNanos;

  /**
   * @param loop  runs tasks on the connection's loop, in order
   * @param nanos the clock messages' ages are read on ({@link System#nanoTime}; tests pass their own)
   */
  BrokerAcks(Executor loop, LongSupplier nanos) {
    this.loop = loop;
    this.nanos = nanos;
  }

  /**
   * On the connection's loop, as a message arrives: {@code ack} runs there once this slot and every
   * earlier one are released.
   */
  Slot arrived(Runnable ack) {
    Slot slot = new Slot(ack, nanos.getAsLong());
    if (arrived.isEmpty()) {
      oldestArrivedNanos = slot.arrivedNanos;
    }
    arrived.add(slot);
    return slot;
  }

  /**
   * How long the oldest message not acknowledged yet has waited (0: none). From any thread. Every
   * message received and not yet applied to its engine is among these (acknowledged means committed
   * and handed to the engine), so detection holds its clock back by this much in broker mode.
   */
  long oldestWaitingMs() {
    long since = oldestArrivedNanos;
    return since == 0 ? 0 : Math.max(0, (nanos.getAsLong() - since) / 1_000_000);
  }

  /** Messages arrived and not acknowledged yet. The connection's loop only. */
  int waiting() {
    return arrived.size();
  }

  /**
   * Runs {@code then} on the connection's loop once every message arrived so far is acknowledged (at
   * once if none waits). For a connection that takes no more messages, before it is closed. The
   * connection's loop only.
   */
  void whenAllAcknowledged(Runnable then) {
    whenAtMost(0, then);
  }

  /**
   * Runs {@code then} on the connection's loop once no more than {@code n} messages wait (at once if
   * that is so already). One such wait at a time: a later call replaces an earlier one still waiting.
   * For a connection that stopped reading, or that takes no more. The connection's loop only.
   */
  void whenAtMost(int n, Runnable then) {
    if (arrived.size() <= n) {
      then.run();
    } else {
      fewEnough = n;
      whenFewEnough = then;
    }
  }

  private void drain() {
    drainScheduled.set(false); // before looking: a release that comes after the look schedules again
    Slot head;
    while ((head = arrived.peek()) != null && head.released) {
      arrived.poll();
      head.ack.run();
    }
    oldestArrivedNanos = head == null ? 0 : head.arrivedNanos;
    Runnable then = whenFewEnough;
    if (then != null && arrived.size() <= fewEnough) {
      whenFewEnough = null;
      then.run();
    }
  }

  /** One message's place in the order. */
  final class Slot {
    private final Runnable ack;
    private final long arrivedNanos;
    private volatile boolean released;

    private Slot(Runnable ack, long arrivedNanos) {
      this.ack = ack;
      this.arrivedNanos = arrivedNanos == 0 ? 1 : arrivedNanos; // 0 means "none" above
    }

    /** The message may be acknowledged (stored, or refused for good). From any thread, once. */
    void release() {
      released = true;
      if (drainScheduled.compareAndSet(false, true)) {
        loop.execute(BrokerAcks.this::drain);
      }
    }
  }
}
