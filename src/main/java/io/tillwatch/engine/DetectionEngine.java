package io.tillwatch.engine;

import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.TxnEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The detection engine of one shard: turns a terminal's telemetry and the passing of time into
 * findings.
 *
 * <p>Design: single-threaded and clock-injected. Every entry point first advances time (firing due
 * deadlines in deadline order), then applies its input. Each sale and each terminal is one
 * {@link DeadlineNode} on one {@link DeadlineWheel}, scheduled at "the next time this object must
 * be re-evaluated"; firing re-evaluates the object ({@link SaleRules}, {@link TerminalRules}),
 * evicts it if its time is up, and reschedules it. This class only routes: rules, counters, seq
 * tracking and read models live in their own classes.
 *
 * <p>Memory is bounded: a cleanly closed sale lingers for closedSaleLinger then goes; any sale goes
 * after terminalForget regardless of open findings (they stay open in the task store); at most
 * maxSalesPerTerminal sales per terminal (oldest closed evicted first, then new sales refused: their
 * events are not checked, which {@link ApplyResult#OVER_LIMIT} tells the caller so that it can say so);
 * a terminal with no sale not heard for terminalForget is forgotten, unless an open terminal-level
 * finding (TERMINAL_SILENT, UPLOAD_BACKLOG, TELEMETRY_GAP) holds it: only its state can settle that
 * finding when the terminal is heard again, after which the forget clock runs as usual. The one
 * unbounded case, a decommissioned terminal whose silence task stays open, is counted
 * ({@code keptTerminals}) and ends when a person resolves the task ({@link #taskResolved}).
 * All counted in {@link #stats()}.
 *
 * <p>Late events: a closed sale's txn id outlives the sale for forgottenSaleMemory
 * ({@link ForgottenSales}), so an event of it arriving after its linger is absorbed rather than
 * opening a new sale that would raise a false finding. Only events the terminal stamped more than
 * half a linger ago are looked up: one stamped before its sale closed is at least a linger old
 * when the sale is forgotten, and ordinary traffic, milliseconds old, never pays for the scan. A
 * new sale whose first event is older than the linger (by the terminal's own clock) and not
 * recognised is tracked as usual, but its findings say it may be a forgotten sale's
 * ({@link TerminalState#heardLate}).
 *
 * <p>Recovery: {@link #restoreTerminal} and {@link #replayTxnEvent} rebuild state without raising
 * or scheduling anything; {@link #finishRecovery} schedules every object from its original receive
 * times, so what fell due while the daemon was down fires at the next {@link #advanceTo}; silence
 * clocks restart at the recovery time. The open terminal-level findings are not in the terminal's
 * snapshot: the task store holds them, and the caller hands each unresolved task to
 * {@link #reconcile} before time advances, so the store's word decides what holds a restored
 * terminal (a task a person resolved while the daemon was down holds nothing).
 */
public final class DetectionEngine {
  /** 16384 buckets of 100 ms by default: a revolution of about 27 minutes. */
  private static final int WHEEL_SIZE = 1 << 14;

  private final DetectionSettings settings;
  private final DeadlineWheel wheel;
  private final EngineCounters counters = new EngineCounters();
  private final SaleRules saleRules;
  private final DoubleCharge doubleCharge;
  private final TerminalRules terminalRules;
  private final HashMap<String, TerminalState> terminals = new HashMap<>();
  private final Consumer<DeadlineNode> onDue = this::fire;
  private final long lingerMs;
  private final long memoryMs;
  private long now;

  public DetectionEngine(DetectionSettings settings, FindingSink sink, long nowMs) {
    this.settings = settings;
    this.wheel = new DeadlineWheel(Math.max(1, settings.tick().toMillis()), WHEEL_SIZE, nowMs);
    SaleFindings saleFindings = new SaleFindings(sink, counters);
    this.doubleCharge = new DoubleCharge(settings, saleFindings);
    this.saleRules = new SaleRules(settings, saleFindings, doubleCharge, counters);
    this.terminalRules = new TerminalRules(settings, sink);
    this.lingerMs = settings.closedSaleLinger().toMillis();
    this.memoryMs = settings.forgottenSaleMemory().toMillis();
    this.now = nowMs;
  }

  public ApplyResult onTxnEvent(TxnEvent e, long receivedAtMs) {
    advanceTo(receivedAtMs);
    TerminalState t = terminalFor(e.merchant(), e.terminal(), receivedAtMs);
    counters.terminal(t, -1);
    try {
      if (t.seq.accept(e.seq(), receivedAtMs) == SeqTracker.Accept.DUPLICATE) {
        counters.duplicates++;
        return ApplyResult.DUPLICATE;
      }
      terminalRules.clearFilledGaps(t, now);
      terminalRules.heard(t, receivedAtMs, now);
      SaleState s = t.sales.get(e.txn());
      long ageMs = s == null ? ageByTerminalClock(t, e, receivedAtMs) : 0; // by the skew seen before this event
      t.clockSkewMs = e.atMs() - receivedAtMs;
      t.clockSkewKnown = true;
      if (s == null) {
        if (ageMs > lingerMs / 2 && rememberedAsForgotten(t, e.txn())) {
          counters.forgottenSaleEvents++;
          return ApplyResult.FORGOTTEN_SALE;
        }
        s = admitSale(t, e.txn());
        if (s == null) {
          counters.uncheckedEvents++;
          counters.overLimit(t, true);
          return ApplyResult.OVER_LIMIT;
        }
        noteIfHeardLate(t, s, ageMs);
      }
      saleRules.apply(s, e, receivedAtMs);
      long next = saleRules.evaluate(s, now);
      doubleCharge.afterEvent(s, now); // may flag other sales, never this one's deadlines
      wheel.schedule(s, next);
      return ApplyResult.APPLIED;
    } finally {
      long next = terminalRules.evaluate(t, now);
      counters.terminal(t, +1);
      scheduleTerminal(t, next);
    }
  }

  public void onHeartbeat(Heartbeat hb, long receivedAtMs) {
    updateTerminal(hb.merchant(), hb.terminal(), receivedAtMs, t -> terminalRules.heartbeat(t, hb, receivedAtMs, now));
  }

  public void onStatus(StatusChange s, long receivedAtMs) {
    updateTerminal(s.merchant(), s.terminal(), receivedAtMs, t -> {
      if (s.online()) {
        terminalRules.heard(t, receivedAtMs, now);
      } else {
        terminalRules.offline(t);
      }
    });
  }

  /** One terminal-level input: its counters contribution is taken out, the change applied, rules re-run, re-counted. */
  private void updateTerminal(String merchant, String terminal, long receivedAtMs, Consumer<TerminalState> change) {
    advanceTo(receivedAtMs);
    TerminalState t = terminalFor(merchant, terminal, receivedAtMs);
    counters.terminal(t, -1);
    change.accept(t);
    long next = terminalRules.evaluate(t, now);
    counters.terminal(t, +1);
    scheduleTerminal(t, next);
  }

  /** Moves time forward (never back) and fires every deadline due by then, in deadline order. */
  public void advanceTo(long nowMs) {
    if (nowMs > now) {
      now = nowMs;
    }
    wheel.advanceTo(now, onDue);
  }

  // ---- recovery ----------------------------------------------------------------------------

  /**
   * Whether the rule behind a stored finding still holds for what this engine knows now. After
   * recovery this reconciles the task store with the journal: a task whose closing event was
   * journaled but whose auto-resolution was not stored before a crash is found here (the replayed
   * engine never saw that finding open, so it would never clear it). A silence settles when the
   * terminal was heard after the time its subject names, a backlog when the stored snapshot shows
   * another backlog episode or none. Unknown sales and terminals, double charges (a person decides)
   * and gaps (re-derived by replay) answer true: nothing known closes them.
   */
  public boolean stillHolds(FindingKey key) {
    TerminalState t = terminals.get(TerminalState.id(key.merchant(), key.terminal()));
    if (t != null && key.kind() == FindingKind.TERMINAL_SILENT) {
      return t.lastHeardMs <= episodeStartMs(key.subject(), "silent@", t.lastHeardMs);
    }
    if (t != null && key.kind() == FindingKind.UPLOAD_BACKLOG) {
      return t.pendingSinceMs == episodeStartMs(key.subject(), "backlog@", t.pendingSinceMs);
    }
    SaleRule rule = SaleRule.of(key.kind());
    if (rule == null) {
      return true;
    }
    SaleState s = t == null ? null : t.sales.get(key.subject());
    return s == null || rule.holds(s.mask());
  }

  /** The time a terminal-level subject names ({@link FindingKey}); {@code unknown} if it names none. */
  private static long episodeStartMs(String subject, String prefix, long unknown) {
    if (!subject.startsWith(prefix)) {
      return unknown;
    }
    try {
      return Long.parseLong(subject.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return unknown;
    }
  }

  /**
   * An unresolved task read back from the task store at recovery: false when its finding no longer
   * holds ({@link #stillHolds}; the caller auto-resolves it), else true, and a terminal-level one
   * is held open again ({@link #resumeFinding}). Call after {@link #finishRecovery}, before time advances.
   */
  public boolean reconcile(FindingKey key) {
    if (!stillHolds(key)) {
      return false;
    }
    resumeFinding(key);
    return true;
  }

  /**
   * An unresolved task of a terminal-level finding that still holds: the restored terminal holds
   * the finding open again, so it is not raised anew, hearing the terminal settles it (the task
   * auto-resolves), and it keeps the terminal remembered past terminalForget. A silence or backlog
   * of a terminal this engine does not know, or whose subject it already holds, is left alone; so
   * are gaps (replay re-derives those of the journal retention) and per-sale kinds.
   */
  void resumeFinding(FindingKey key) {
    TerminalState t = terminals.get(TerminalState.id(key.merchant(), key.terminal()));
    if (t == null) {
      return;
    }
    counters.terminal(t, -1);
    if (key.kind() == FindingKind.TERMINAL_SILENT && t.silentSubject == null) {
      t.silentSubject = key.subject();
      t.silentSeverity = TerminalRule.TERMINAL_SILENT.severity(t);
    } else if (key.kind() == FindingKind.UPLOAD_BACKLOG && t.backlogSubject == null) {
      t.backlogSubject = key.subject();
    }
    counters.terminal(t, +1);
    scheduleTerminal(t, terminalRules.nextDeadline(t));
  }

  /**
   * The task of this terminal-level finding is resolved: a person resolved it, or the engine raised
   * the finding again (after a restart) on a task resolved before. The finding no longer keeps its
   * terminal remembered, and the terminal is forgotten as if it were not open, at once if its forget
   * time has passed. The engine still holds the episode, so it is not raised again (the task store
   * would not reopen it anyway) and hearing the terminal settles it as usual. Unknown terminals and
   * findings not open here are ignored, so a repeat is harmless.
   */
  public void taskResolved(FindingKey key) {
    TerminalState t = terminals.get(TerminalState.id(key.merchant(), key.terminal()));
    if (t != null && t.letGo(key.subject())) {
      scheduleTerminal(t, terminalRules.nextDeadline(t));
    }
  }

  public void restoreTerminal(TerminalSnapshot snapshot) {
    TerminalState t = terminalFor(snapshot.merchant(), snapshot.terminal(), snapshot.lastHeardMs());
    counters.terminal(t, -1);
    ReadModels.restore(t, snapshot);
    counters.terminal(t, +1);
  }

  /** Applies a journaled event to sale state (and seq tracking) without raising or scheduling. */
  public void replayTxnEvent(TxnEvent e, long receivedAtMs, boolean trackSequence) {
    TerminalState t = terminalFor(e.merchant(), e.terminal(), receivedAtMs);
    if (trackSequence) {
      counters.terminal(t, -1);
      SeqTracker.Accept r = t.seq.accept(e.seq(), receivedAtMs);
      t.seq.completed().clear(); // nothing was raised during replay, so nothing to clear
      counters.terminal(t, +1);
      if (r == SeqTracker.Accept.DUPLICATE) {
        counters.duplicates++;
        return;
      }
    }
    t.lastHeardMs = Math.max(t.lastHeardMs, receivedAtMs);
    SaleState s = t.sales.get(e.txn());
    if (s == null) {
      s = admitSale(t, e.txn());
      if (s == null) {
        // The state is rebuilt, the count is not: the process that received the event counted it.
        counters.overLimit(t, true);
        return;
      }
      // Replay meets a sale's events together, unless retention pruned the sale and kept a late
      // event of it: that sale is one whose findings must say so.
      noteIfHeardLate(t, s, ageByTerminalClock(t, e, receivedAtMs));
    }
    saleRules.apply(s, e, receivedAtMs);
  }

  /** Schedules everything rebuilt by replay; what is overdue fires at the next {@link #advanceTo}. */
  public void finishRecovery(long nowMs) {
    for (TerminalState t : terminals.values()) {
      counters.terminal(t, -1);
      t.silenceBaseMs = Math.max(t.silenceBaseMs, nowMs);
      if (t.lastSeqReported >= 0) {
        t.seq.reportLastSeq(t.lastSeqReported, t.lastHeardMs);
      }
      counters.terminal(t, +1);
      for (SaleState s : t.sales) {
        wheel.schedule(s, saleRules.nextDeadline(s));
      }
      scheduleTerminal(t, terminalRules.nextDeadline(t));
    }
  }

  // ---- read models -------------------------------------------------------------------------

  public Optional<TerminalView> terminal(String merchant, String terminal) {
    TerminalState t = terminals.get(TerminalState.id(merchant, terminal));
    return t == null ? Optional.empty() : Optional.of(ReadModels.view(t));
  }

  /**
   * The first {@code limit} terminals the filter matches after its cursor, in the list's order, and
   * how many match in all. Scans every terminal of this engine (and the sales of those of the
   * merchant asked for): meant for an operator's page, not for a loop.
   */
  public TerminalList terminals(TerminalFilter filter, int limit) {
    List<TerminalSummary> page = new ArrayList<>();
    long total = 0;
    for (TerminalState t : terminals.values()) {
      if (filter.merchant() != null && !filter.merchant().equals(t.merchant)) {
        continue;
      }
      TerminalSummary s = ReadModels.summary(t);
      if (filter.matches(s)) {
        total++;
        if (filter.afterCursor(s)) {
          page.add(s);
        }
      }
    }
    return TerminalList.merge(List.of(new TerminalList(page, total)), limit);
  }

  /**
   * Maintained counters; only the clock-skew maximum and the terminals kept by their findings scan
   * (terminals, not sales): both depend on the time, which moves without a bracket to count it in.
   */
  public EngineStats stats() {
    long maxSkew = 0;
    long kept = 0;
    for (TerminalState t : terminals.values()) {
      if (t.clockSkewKnown) {
        maxSkew = Math.max(maxSkew, Math.abs(t.clockSkewMs));
      }
      if (terminalRules.keptOnlyByFindings(t, now)) {
        kept++;
      }
    }
    return counters.snapshot(maxSkew, kept);
  }

  /**
   * Whether the engine still tracks this sale: its events are still needed to rebuild it. Once a
   * sale is evicted (closed and lingered, or too old) its events no longer matter to detection.
   */
  public boolean tracksSale(String merchant, String terminal, String txn) {
    TerminalState t = terminals.get(TerminalState.id(merchant, terminal));
    return t != null && t.sales.get(txn) != null;
  }

  /** Whether the engine still tracks this terminal (it forgets terminals silent long enough, with nothing open: no sale, no terminal-level finding). */
  public boolean tracksTerminal(String merchant, String terminal) {
    return terminals.containsKey(TerminalState.id(merchant, terminal));
  }

  /** The durable part of a terminal's state, for the caller to persist; null if unknown. */
  public TerminalSnapshot snapshotOf(String merchant, String terminal) {
    TerminalState t = terminals.get(TerminalState.id(merchant, terminal));
    return t == null ? null : ReadModels.snapshot(t);
  }

  // ---- internals ---------------------------------------------------------------------------

  private TerminalState terminalFor(String merchant, String terminal, long firstHeardMs) {
    String id = TerminalState.id(merchant, terminal);
    TerminalState t = terminals.get(id);
    if (t == null) {
      t = new TerminalState(merchant, terminal, settings.maxGapRanges(), firstHeardMs);
      terminals.put(id, t);
      counters.trackedTerminals++;
      counters.terminal(t, +1);
    }
    return t;
  }

  /** A new sale, making room by evicting the oldest closed sale at the limit; null when refused. */
  private SaleState admitSale(TerminalState t, String txn) {
    if (t.sales.size() >= settings.maxSalesPerTerminal()) {
      if (t.openSales >= t.sales.size()) {
        return null; // no closed sale to make room with: refuse without scanning
      }
      SaleState oldest = null;
      for (SaleState s : t.sales) {
        if (s.closed() && (oldest == null || s.lastReceivedMs() < oldest.lastReceivedMs())) {
          oldest = s;
        }
      }
      if (oldest == null) {
        return null;
      }
      evict(oldest);
    }
    SaleState s = SaleState.create(t, txn);
    t.sales.add(s);
    counters.trackedSales++;
    counters.overLimit(t, false);
    return s;
  }

  private void fire(DeadlineNode node) {
    if (node instanceof SaleState s) {
      if (saleRules.tooOld(s, now) || saleRules.lingerOver(s, now)) {
        evict(s);
        return;
      }
      long next = saleRules.evaluate(s, now);
      terminalRules.syncSilentSeverity(s.terminal, now);
      wheel.schedule(s, next);
    } else {
      TerminalState t = (TerminalState) node;
      counters.terminal(t, -1);
      // the rules first: after a jump in time a silence or backlog fell due before the forget
      // time did, and the finding it raises keeps the terminal
      long next = terminalRules.evaluate(t, now);
      if (terminalRules.forgettable(t, now)) {
        terminals.remove(TerminalState.id(t.merchant, t.terminal));
        counters.forgottenSalesRemembered -= t.forgotten == null ? 0 : t.forgotten.size();
        counters.trackedTerminals--;
        counters.evictedTerminals++;
        return;
      }
      counters.terminal(t, +1);
      scheduleTerminal(t, next);
    }
  }

  private void evict(SaleState s) {
    TerminalState t = s.terminal;
    if (s.closed() && memoryMs > 0) {
      remember(t, s.fingerprint());
    }
    t.sales.remove(s);
    s.release();
    wheel.cancel(s);
    counters.sale(s, -1);
    counters.trackedSales--;
    counters.evictedSales++;
    counters.overLimit(t, false); // it has room for a new sale again
    terminalRules.syncSilentSeverity(t, now);
    if (t.sales.isEmpty()) {
      scheduleTerminal(t, terminalRules.nextDeadline(t)); // its forget deadline applies now
    }
  }

  /** Remembers a closed sale being forgotten now; at most maxSalesPerTerminal per terminal, the oldest leaving first. */
  private void remember(TerminalState t, long fingerprint) {
    if (t.forgotten == null) {
      t.forgotten = new ForgottenSales();
    }
    expireForgotten(t);
    counters.forgottenSalesRemembered += t.forgotten.add(fingerprint, now, settings.maxSalesPerTerminal());
  }

  private boolean rememberedAsForgotten(TerminalState t, String txn) {
    if (t.forgotten == null) {
      return false;
    }
    expireForgotten(t);
    return t.forgotten.contains(TxnId.fingerprint(txn));
  }

  private void expireForgotten(TerminalState t) {
    counters.forgottenSalesRemembered -= t.forgotten.expire(now - memoryMs);
  }

  /**
   * How long before its receipt the terminal stamped the event, by the terminal's clock as last
   * seen (its skew from an earlier message), so a terminal whose clock is merely off is not late.
   */
  private static long ageByTerminalClock(TerminalState t, TxnEvent e, long receivedAtMs) {
    return receivedAtMs - e.atMs() + (t.clockSkewKnown ? t.clockSkewMs : 0);
  }

  /** A new sale whose first event is older than the linger: a forgotten sale's, for all the engine can tell. */
  private void noteIfHeardLate(TerminalState t, SaleState s, long ageMs) {
    if (ageMs > lingerMs) {
      if (t.heardLate == null) {
        t.heardLate = new java.util.IdentityHashMap<>(2);
      }
      t.heardLate.put(s, ageMs);
    }
  }

  private void scheduleTerminal(TerminalState t, long next) {
    if (next == Long.MAX_VALUE) {
      wheel.cancel(t);
    } else {
      wheel.schedule(t, next);
    }
  }
}
