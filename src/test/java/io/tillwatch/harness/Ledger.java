package io.tillwatch.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher's ground truth: every sale the simulated terminals ran, every numbered event of
 * it, and whether (and how often) the event was acknowledged with a PUBACK.
 *
 * <p>The findings a sale must produce are a function of its script alone, because every script
 * runs to its end without waiting for the daemon (see {@link Script}). A sale counts in the ground
 * truth only when ALL its events were acknowledged at least once; a sale with an event that never
 * got a PUBACK may legitimately be seen partially, so it is neither required nor forbidden to
 * produce anything.
 */
final class Ledger {

  /** Sale scripts with a known outcome under the short deadlines the harness runs the daemon with. */
  enum Script {
    CLEAN(null, "STARTED", "AUTHORIZED", "PRINTED", "COMPLETED"),
    UNCONFIRMED("UNCONFIRMED_SALE", "STARTED"),
    UNPRINTED("UNPRINTED_RECEIPT", "STARTED", "AUTHORIZED"),
    STUCK_REVERSAL("STUCK_REVERSAL", "STARTED", "REVERSAL_QUEUED");

    /** The one finding kind this sale must end with an unresolved task of; null: none. */
    final String finding;
    final List<String> events;

    Script(String finding, String... events) {
      this.finding = finding;
      this.events = List.of(events);
    }
  }

  static final class Sale {
    final String merchant;
    final String terminal;
    final String txn;
    final Script script;
    final long amount;
    final List<Event> events = new ArrayList<>();

    Sale(String merchant, String terminal, String txn, Script script, long amount) {
      this.merchant = merchant;
      this.terminal = terminal;
      this.txn = txn;
      this.script = script;
      this.amount = amount;
    }

    boolean fullyAcked() {
      for (Event e : events) {
        if (!e.acked()) {
          return false;
        }
      }
      return true;
    }
  }

  /** One numbered transaction event: (terminal, seq) is its identity on the wire and in the journal. */
  static final class Event {
    final Sale sale;
    final long seq;
    final String type;
    /** Publish attempts of this event (first send, resends after a failed/lost PUBACK, deliberate duplicates). */
    final AtomicInteger publishes = new AtomicInteger();
    final AtomicInteger acks = new AtomicInteger();

    Event(Sale sale, long seq, String type) {
      this.sale = sale;
      this.seq = seq;
      this.type = type;
    }

    boolean acked() {
      return acks.get() > 0;
    }
  }

  final ConcurrentLinkedQueue<Sale> sales = new ConcurrentLinkedQueue<>();
  /** terminal -> seq -> event, for the journal comparison. */
  final Map<String, Map<Long, Event>> byTerminal = new ConcurrentHashMap<>();
  private final AtomicLong amounts = new AtomicLong(100);

  // Counters of what the publisher did (reported).
  final AtomicLong publishAttempts = new AtomicLong();
  final AtomicLong firstPublishes = new AtomicLong();
  final AtomicLong resendsAfterLostAck = new AtomicLong();
  final AtomicLong deliberateDuplicates = new AtomicLong();
  final AtomicLong deliberateDuplicatesWithDupFlag = new AtomicLong();
  final AtomicLong duplicateAcks = new AtomicLong();
  final AtomicLong sessionRedeliveredAcks = new AtomicLong();
  final AtomicLong reorderedBlocks = new AtomicLong();
  final AtomicLong publishFailures = new AtomicLong();
  final AtomicLong connects = new AtomicLong();
  final AtomicLong connectFailures = new AtomicLong();
  final AtomicLong connectionsLost = new AtomicLong();
  final AtomicLong heartbeats = new AtomicLong();
  final Map<String, Long> connectFailureReasons = new ConcurrentHashMap<>();

  /**
   * A unique amount per sale: two doubtful sales of one terminal with the same amount would be a
   * (correct) DOUBLE_CHARGE_RISK, which the scripts do not mean to provoke.
   */
  long nextAmount() {
    return amounts.incrementAndGet();
  }

  Sale newSale(String merchant, String terminal, String txn, Script script) {
    Sale s = new Sale(merchant, terminal, txn, script, nextAmount());
    sales.add(s);
    return s;
  }

  Event newEvent(Sale sale, long seq, String type) {
    Event e = new Event(sale, seq, type);
    sale.events.add(e);
    byTerminal.computeIfAbsent(sale.terminal, k -> new ConcurrentHashMap<>()).put(seq, e);
    return e;
  }

  List<Sale> salesSnapshot() {
    return Collections.unmodifiableList(new ArrayList<>(sales));
  }

  long eventsGenerated() {
    return byTerminal.values().stream().mapToLong(Map::size).sum();
  }

  long eventsAcked() {
    return byTerminal.values().stream().flatMap(m -> m.values().stream()).filter(Event::acked).count();
  }

  long eventsPublished() {
    return byTerminal.values().stream().flatMap(m -> m.values().stream()).filter(e -> e.publishes.get() > 0).count();
  }
}
