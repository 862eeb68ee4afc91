package io.tillwatch.sim;

import java.util.ArrayDeque;
import java.util.Random;

/**
 * One terminal's sales as back-to-back telemetry, for load generation: the simulator's sale
 * scripts, fault mix and ground truth, with the pauses between steps taken out, so a connection
 * can publish as fast as its window allows.
 *
 * <p>Every step of a script runs without delay, a double charge's retry included: the engine
 * orders a sale and its retry by seq, not by time, so the fault is still a double charge. A step the
 * terminal "loses" consumes its seq and records its ground truth at once, as the simulator's
 * terminal does. Terminal-level faults (silent, backlog) need a terminal that goes quiet for
 * minutes and are not part of a load mix; {@link #of} refuses them.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
public final class SaleStream {
  private static final SaleScripts.Pace NO_PAUSE = ms -> 0;

  private final TerminalIdentity id;
  private final FaultRates faults;
  private final GroundTruth truth;
  private final String runTag;
  private final Random rnd;
  private final DoubtfulAmounts doubtful = new DoubtfulAmounts();
  private final ArrayDeque<SaleStep> steps = new ArrayDeque<>();
  private long seq;
  private long txnCounter;

  private SaleStream(TerminalIdentity id, FaultRates faults, GroundTruth truth, String runTag, Random rnd) {
    this.id = id;
    this.faults = faults;
    this.truth = truth;
    this.runTag = runTag;
    this.rnd = rnd;
  }

  /**
   * Terminal {@code index} of the fleet that {@code naming} describes (ids, merchants, fault rates, seed).
   *
   * @throws IllegalArgumentException when the fault mix has a terminal-level kind
   */
  public static SaleStream of(SimulatorOptions naming, int index, GroundTruth truth, String runTag) {
    for (FaultKind k : FaultKind.values()) {
      if (!k.saleLevel() && naming.faults().rate(k) > 0) {
        throw new IllegalArgumentException("fault kind " + k.specName() + " makes a terminal go quiet for minutes; "
            + "a load mix takes sale-level kinds only");
      }
    }
    return new SaleStream(TerminalIdentity.of(naming, index), naming.faults(), truth, runTag,
        new Random(naming.seed() * 1_000_003L + index));
  }

  /** Client id, also the MQTT user name under terminal authentication. */
  public String terminal() {
    return id.terminal();
  }

  public String txnTopic() {
    return id.txnTopic();
  }

  public String heartbeatTopic() {
    return id.heartbeatTopic();
  }

  /** The payload of the next txn event to publish (on {@link #txnTopic()}). */
  public String next(long nowMs) {
    if (steps.isEmpty()) {
      startSale();
    }
    SaleStep step = steps.poll();
    String payload = TelemetryJson.txnEvent(step.sale(), consume(step, nowMs), step.event(), nowMs);
    // A lost step right after this one is lost now, so a script never ends on a step nobody sends.
    while (!steps.isEmpty() && !steps.peek().send()) {
      consume(steps.poll(), nowMs);
    }
    return payload;
  }

  /** True while the current sale has events left: stopping now would leave it open (a false UNCONFIRMED_SALE). */
  public boolean midSale() {
    return !steps.isEmpty();
  }

  /**
   * A heartbeat carrying the last seq used, so the daemon sees a trailing lost event as a gap. It
   * claims {@code intervalSec}: the daemon will call the terminal silent that many seconds times
   * its silence factor after the load stops.
   */
  public String heartbeat(long nowMs, int intervalSec) {
    return TelemetryJson.heartbeat(nowMs, intervalSec, seq, -60 - rnd.nextInt(31), 0, id.store(), id.region());
  }

  private long consume(SaleStep step, long nowMs) {
    long s = ++seq;
    GroundTruthRecord r = step.truthRecord(id, s, nowMs);
    if (r != null) {
      truth.record(r);
    }
    return s;
  }

  private void startSale() {
    FaultKind fault = faults.pick(rnd.nextDouble());
    String txn = nextTxnId();
    Sale sale = SaleFactory.next(rnd, txn, SaleRefs.of(id.terminal(), txn), doubtful.asSet());
    steps.addAll(SaleScripts.forFault(fault, sale, this::nextTxnId, 0, rnd, NO_PAUSE));
    doubtful.noteSale(fault, sale);
  }

  private String nextTxnId() {
    txnCounter++;
    return runTag + "-" + String.format("%06d", txnCounter);
  }
}
