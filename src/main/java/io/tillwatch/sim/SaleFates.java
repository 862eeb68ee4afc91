package io.tillwatch.sim;

import io.tillwatch.telemetry.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides what really happened at the acquirer for the sales of one script, before it runs. Pure:
 * randomness comes in as an argument.
 *
 * <ul>
 *   <li>normal, GAP and terminal-level scripts: charged (declined when the script declines)</li>
 *   <li>UNPRINTED: charged; sometimes (paper-out) because the printer ran out of paper, which the
 *       script then shows with PRINT_FAILED and the terminal with a paper-out spell</li>
 *   <li>UNCONFIRMED: charged or not (unconfirmed-charged)</li>
 *   <li>DOUBLE: the retried sale is charged; the first one too with double-both-charged</li>
 *   <li>REVERSAL: reversed, or still charged (reversal-fails)</li>
 *   <li>any sale in doubt: with never-final the back office never answers finally</li>
 * </ul>
 *
 * @see MoneyTruth for the ground truth this gives each money finding
 */
final class SaleFates {
  /** Sales reach the acquirer a moment before the terminal hears back; money moves this long after. */
  static final long SETTLE_MS = 1_000;

  /**
   * @param script    the script to run, possibly with a PRINT_FAILED added (paper-out)
   * @param entries   one ledger entry per sale of the script (serials not yet assigned)
   * @param truths    the money truth of each sale in doubt, by txn id
   * @param paperOut  the terminal's printer runs out of paper with this sale
   */
  record Fate(List<SaleStep> script, List<LedgerEntry> entries, Map<String, MoneyTruth> truths, boolean paperOut) {}

  private SaleFates() {}

  /** {@code paperOutAllowed}: false while an earlier sale of the terminal may still get a reprint command that must print. */
  static Fate decide(FaultKind fault, List<SaleStep> script, TerminalIdentity id, long nowMs, Random rnd, OutcomeDraws d,
      boolean paperOutAllowed) {
    Map<String, Sale> sales = new LinkedHashMap<>();
    Map<String, Long> startAt = new HashMap<>();
    boolean declined = false;
    long t = nowMs;
    for (SaleStep s : script) {
      t += s.delayMs();
      sales.putIfAbsent(s.sale().txn(), s.sale());
      startAt.putIfAbsent(s.sale().txn(), t);
      declined |= s.event() == EventType.DECLINED;
    }
    List<Sale> list = new ArrayList<>(sales.values());
    Sale first = list.get(0);
    Map<String, MoneyTruth> truths = new HashMap<>();
    Map<String, LedgerOutcome> outcomes = new HashMap<>();
    List<SaleStep> steps = script;
    boolean paperOut = false;
    boolean doubtful = fault == FaultKind.UNPRINTED || fault == FaultKind.UNCONFIRMED || fault == FaultKind.DOUBLE
        || fault == FaultKind.REVERSAL;
    boolean answers = !(doubtful && rnd.nextDouble() < d.neverFinal());
    if (fault == FaultKind.UNPRINTED) {
      paperOut = paperOutAllowed && rnd.nextDouble() < d.paperOut();
      outcomes.put(first.txn(), LedgerOutcome.CHARGED);
      truths.put(first.txn(), new MoneyTruth(true, null, null, !paperOut, answers));
      if (paperOut && script.stream().noneMatch(s -> s.event() == EventType.PRINT_FAILED)) {
        steps = new ArrayList<>(script);
        steps.add(SaleStep.of(SaleScripts.MIN_STEP_MS, first, EventType.PRINT_FAILED));
      }
    } else if (fault == FaultKind.UNCONFIRMED) {
      boolean charged = rnd.nextDouble() < d.unconfirmedCharged();
      outcomes.put(first.txn(), charged ? LedgerOutcome.CHARGED : LedgerOutcome.NOT_CHARGED);
      truths.put(first.txn(), new MoneyTruth(charged, null, null, true, answers));
    } else if (fault == FaultKind.DOUBLE && list.size() == 2) {
      boolean both = rnd.nextDouble() < d.doubleBothCharged();
      Sale retried = list.get(1);
      outcomes.put(first.txn(), both ? LedgerOutcome.CHARGED : LedgerOutcome.NOT_CHARGED);
      outcomes.put(retried.txn(), LedgerOutcome.CHARGED);
      truths.put(first.txn(), new MoneyTruth(both, null, null, true, answers));
      truths.put(retried.txn(), new MoneyTruth(true, both, null, true, answers));
    } else if (fault == FaultKind.REVERSAL) {
      boolean fails = rnd.nextDouble() < d.reversalFails();
      outcomes.put(first.txn(), fails ? LedgerOutcome.CHARGED : LedgerOutcome.REVERSED);
      truths.put(first.txn(), new MoneyTruth(fails, null, !fails, true, answers));
    }
    List<LedgerEntry> entries = new ArrayList<>(list.size());
    for (Sale s : list) {
      LedgerOutcome o = outcomes.getOrDefault(s.txn(), declined ? LedgerOutcome.DECLINED : LedgerOutcome.CHARGED);
      long created = startAt.get(s.txn());
      boolean moved = o == LedgerOutcome.CHARGED || o == LedgerOutcome.REVERSED;
      entries.add(new LedgerEntry(id.merchant(), id.terminal(), s.txn(), s.ref(), s.amount(), s.currency(), s.method(), s.rrn(),
          s.authCode(), created, moved ? created + SETTLE_MS : -1, o, !truths.containsKey(s.txn()) || answers, 0));
    }
    return new Fate(steps, entries, truths, paperOut);
  }
}
