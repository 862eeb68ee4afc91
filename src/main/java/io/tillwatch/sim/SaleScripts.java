package io.tillwatch.sim;

import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.COMPLETED;
import static io.tillwatch.telemetry.EventType.DECLINED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.PRINT_FAILED;
import static io.tillwatch.telemetry.EventType.REVERSAL_QUEUED;
import static io.tillwatch.telemetry.EventType.STARTED;

import io.tillwatch.engine.FindingKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The event sequences of a sale, normal or faulty. Pure: randomness and pacing come in as arguments,
 * so each fault's shape is plain to read (and to test) here.
 *
 * <p>Each faulty script marks the step that makes the fault real with the finding it must produce:
 * <ul>
 *   <li>UNPRINTED: STARTED, AUTHORIZED (+ PRINT_FAILED half the time), never PRINTED or COMPLETED</li>
 *   <li>UNCONFIRMED: STARTED only</li>
 *   <li>DOUBLE: sale A STARTED only (UNCONFIRMED_SALE), then after {@code doubleDelayMs} sale B with
 *       the same amount, currency and card: STARTED, AUTHORIZED (DOUBLE_CHARGE_RISK, related A), PRINTED, COMPLETED</li>
 *   <li>REVERSAL: STARTED, REVERSAL_QUEUED, never REVERSED</li>
 *   <li>GAP: a complete normal sale whose COMPLETED is lost (seq consumed, nothing sent); losing
 *       COMPLETED changes no other rule's outcome</li>
 * </ul>
 */
final class SaleScripts {
  static final double DECLINE_RATE = 0.03;
  static final long MIN_STEP_MS = 100;
  static final long MAX_STEP_MS = 800;

  /** Scales the real-world gap between two steps. */
  interface Pace {
    long scaled(long millis);
  }

  private SaleScripts() {}

  /**
   * The script of a sale carrying {@code fault}; null or a terminal-level kind gives a normal sale.
   * {@code nextTxn} is asked only for a double charge (its retried sale), after the sale itself was drawn.
   */
  static List<SaleStep> forFault(FaultKind fault, Sale sale, Supplier<String> nextTxn, long doubleDelayMs, Random rnd, Pace pace) {
    if (fault == null) {
      return normal(sale, rnd, pace);
    }
    return switch (fault) {
      case UNPRINTED -> unprinted(sale, rnd, pace);
      case UNCONFIRMED -> unconfirmed(sale);
      case DOUBLE -> doubleCharge(sale, sale.retriedAs(nextTxn.get(), SaleFactory.rrn(rnd), SaleFactory.authCode(rnd)),
          doubleDelayMs, rnd, pace);
      case REVERSAL -> reversal(sale, rnd, pace);
      case GAP -> gap(sale, rnd, pace);
      case SILENT, BACKLOG -> normal(sale, rnd, pace);
    };
  }

  static List<SaleStep> normal(Sale s, Random rnd, Pace pace) {
    List<SaleStep> steps = new ArrayList<>(4);
    steps.add(SaleStep.of(0, s, STARTED));
    if (rnd.nextDouble() < DECLINE_RATE) {
      steps.add(SaleStep.of(gap(rnd, pace), s, DECLINED));
      return steps;
    }
    steps.add(SaleStep.of(gap(rnd, pace), s, AUTHORIZED));
    steps.add(SaleStep.of(gap(rnd, pace), s, PRINTED));
    steps.add(SaleStep.of(gap(rnd, pace), s, COMPLETED));
    return steps;
  }

  static List<SaleStep> unprinted(Sale s, Random rnd, Pace pace) {
    List<SaleStep> steps = new ArrayList<>(3);
    steps.add(SaleStep.of(0, s, STARTED));
    steps.add(SaleStep.of(gap(rnd, pace), s, AUTHORIZED).injecting(FindingKind.UNPRINTED_RECEIPT));
    if (rnd.nextBoolean()) {
      steps.add(SaleStep.of(gap(rnd, pace), s, PRINT_FAILED));
    }
    return steps;
  }

  static List<SaleStep> unconfirmed(Sale s) {
    return List.of(SaleStep.of(0, s, STARTED).injecting(FindingKind.UNCONFIRMED_SALE));
  }

  static List<SaleStep> doubleCharge(Sale a, Sale b, long doubleDelayMs, Random rnd, Pace pace) {
    return List.of(
        SaleStep.of(0, a, STARTED).injecting(FindingKind.UNCONFIRMED_SALE),
        SaleStep.of(doubleDelayMs, b, STARTED),
        SaleStep.of(gap(rnd, pace), b, AUTHORIZED).injecting(FindingKind.DOUBLE_CHARGE_RISK, a.txn()),
        SaleStep.of(gap(rnd, pace), b, PRINTED),
        SaleStep.of(gap(rnd, pace), b, COMPLETED));
  }

  static List<SaleStep> reversal(Sale s, Random rnd, Pace pace) {
    return List.of(
        SaleStep.of(0, s, STARTED),
        SaleStep.of(gap(rnd, pace), s, REVERSAL_QUEUED).injecting(FindingKind.STUCK_REVERSAL));
  }

  static List<SaleStep> gap(Sale s, Random rnd, Pace pace) {
    return List.of(
        SaleStep.of(0, s, STARTED),
        SaleStep.of(gap(rnd, pace), s, AUTHORIZED),
        SaleStep.of(gap(rnd, pace), s, PRINTED),
        SaleStep.of(gap(rnd, pace), s, COMPLETED).lost().injecting(FindingKind.TELEMETRY_GAP));
  }

  private static long gap(Random rnd, Pace pace) {
    return pace.scaled(MIN_STEP_MS + rnd.nextInt((int) (MAX_STEP_MS - MIN_STEP_MS + 1)));
  }
}
