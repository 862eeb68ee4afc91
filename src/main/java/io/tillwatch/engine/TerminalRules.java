package io.tillwatch.engine;

import io.tillwatch.telemetry.Heartbeat;

/**
 * Runs the terminal-level rules declared in {@link TerminalRule}, feeds them the evidence that
 * clears them, and decides when a terminal is forgotten.
 *
 * <p>Design: like the sale rules, {@link #evaluate} raises every episode late at {@code nowMs}
 * ({@link Deadline}) and, in the same pass, returns the first instant at which a pending one will
 * be late, from the same clock start and timeout; {@link #nextDeadline} is that pass raising
 * nothing. Clearing happens where the evidence arrives: hearing the terminal settles silence, a
 * heartbeat with no pending uploads settles the backlog, the last missing seq of a gap settles it.
 *
 * <p>A Last Will ({@code offline}) is the broker speaking for the terminal, so it does not count
 * as hearing the terminal (lastHeardMs, and so the silence finding's subject, stay put).
 */
final class TerminalRules {
  private static final TerminalRule[] RULES = TerminalRule.values();

  static {
    if (RULES.length != 3) {
      throw new AssertionError("TerminalRules.evaluate looks at each TerminalRule by name: add the new one there");
    }
  }

  /** Each rule's setting, by ordinal. */
  private final long[] settings = new long[RULES.length];
  private final long forgetMs;
  private final FindingSink sink;

  TerminalRules(DetectionSettings s, FindingSink sink) {
    for (TerminalRule rule : RULES) {
      settings[rule.ordinal()] = rule.setting(s);
    }
    this.forgetMs = s.terminalForget().toMillis();
    this.sink = sink;
  }

  /** Anything received from the terminal itself: it is connected, and not silent. */
  void heard(TerminalState t, long receivedAtMs, long nowMs) {
    t.lastHeardMs = Math.max(t.lastHeardMs, receivedAtMs);
    t.online = true;
    TerminalRule.TERMINAL_SILENT.settle(t, nowMs, sink);
  }

  void heartbeat(TerminalState t, Heartbeat hb, long receivedAtMs, long nowMs) {
    heard(t, receivedAtMs, nowMs);
    if (hb.intervalSec() > 0) {
      t.intervalSec = hb.intervalSec();
    }
    t.lastHeartbeatAtMs = hb.atMs();
    t.clockSkewMs = hb.atMs() - receivedAtMs;
    t.clockSkewKnown = true;
    if (hb.printer() != null) {
      t.printer = hb.printer().name(); // the last reported state stands until another is reported
    }
    t.firmware = hb.firmware();
    t.network = hb.network();
    t.signal = hb.signal();
    t.store = hb.store();
    t.region = hb.region();
    if (hb.pendingUploads() != Heartbeat.ABSENT) {
      t.pendingUploads = hb.pendingUploads();
      if (hb.pendingUploads() > 0) {
        if (t.pendingSinceMs < 0) {
          t.pendingSinceMs = receivedAtMs; // the backlog clock
        }
      } else {
        TerminalRule.UPLOAD_BACKLOG.settle(t, nowMs, sink);
        t.pendingSinceMs = -1;
      }
    }
    if (hb.lastSeq() != Heartbeat.ABSENT) {
      t.lastSeqReported = hb.lastSeq();
      t.seq.reportLastSeq(hb.lastSeq(), receivedAtMs);
    }
  }

  void offline(TerminalState t) {
    t.online = false;
  }

  /**
   * Raises every episode late at {@code nowMs}, earliest first, and returns when the terminal must
   * next be looked at: when its earliest pending episode turns late, or when it may be forgotten
   * ({@code Long.MAX_VALUE}: never). One pass serves both, so they cannot disagree.
   */
  long evaluate(TerminalState t, long nowMs) {
    long next = Long.MAX_VALUE;
    // Each rule by name rather than a loop over them, on every event: a call site that sees one
    // rule is dispatched statically and inlined, one that sees all three is megamorphic, which
    // cost about 4 % of the engine's CPU per event (see the check in the static block).
    next = look(TerminalRule.TERMINAL_SILENT, t, nowMs, next);
    next = look(TerminalRule.UPLOAD_BACKLOG, t, nowMs, next);
    next = look(TerminalRule.TELEMETRY_GAP, t, nowMs, next);
    // after the rules: a finding raised just now keeps the terminal, and a held one has no forget
    // deadline at all (whatever settles or lets go of its findings re-evaluates it)
    return t.sales.isEmpty() && !t.heldByFindings() ? Math.min(next, t.lastHeardMs + forgetMs) : next;
  }

  /** Raises the rule's late episodes, earliest first; returns {@code next} or, if earlier, when its next one turns late. */
  private long look(TerminalRule rule, TerminalState t, long nowMs, long next) {
    long setting = settings[rule.ordinal()];
    for (long start = rule.clockStartMs(t); start != TerminalRule.NONE; start = rule.clockStartMs(t)) {
      long timeout = rule.timeoutMs(t, setting);
      long lateFrom = Deadline.lateFromMs(start, timeout);
      if (nowMs < lateFrom) {
        return Math.min(next, lateFrom);
      }
      long due = rule.dueMs(start, timeout, nowMs);
      sink.raised(rule.raise(t, due, Deadline.raisedAtMs(due, timeout, nowMs), timeout, setting));
    }
    return next;
  }

  /** When the terminal must next be looked at, raising nothing: nothing is late at the beginning of time. */
  long nextDeadline(TerminalState t) {
    return evaluate(t, Long.MIN_VALUE);
  }

  /** Clears the gaps whose missing events have all arrived. */
  void clearFilledGaps(TerminalState t, long nowMs) {
    TerminalRule.TELEMETRY_GAP.settle(t, nowMs, sink);
  }

  /** TERMINAL_SILENT is critical while the terminal holds open sales. */
  void syncSilentSeverity(TerminalState t, long nowMs) {
    if (t.silentSubject == null) {
      return;
    }
    Severity wanted = TerminalRule.TERMINAL_SILENT.severity(t);
    if (wanted != t.silentSeverity) {
      t.silentSeverity = wanted;
      sink.severityChanged(t.key(FindingKind.TERMINAL_SILENT, t.silentSubject), wanted, nowMs);
    }
  }

  /**
   * Forgotten when it holds no sale, was not heard for terminalForget and no open terminal-level
   * finding holds it. An open finding does hold it: forgotten, the terminal would come back as a
   * blank state that cannot settle the finding, so its task would never close by itself, and the
   * terminal list would no longer show a terminal with an open task. The price is that a
   * decommissioned terminal's TERMINAL_SILENT keeps it for as long as its task is open: such
   * terminals are counted ({@link #keptOnlyByFindings}, a gauge), and a person resolving the task
   * lets the terminal go ({@link TerminalState#letGo}).
   */
  boolean forgettable(TerminalState t, long nowMs) {
    return pastForget(t, nowMs) && !t.heldByFindings();
  }

  /** Would have been forgotten by now, were it not for its open findings. */
  boolean keptOnlyByFindings(TerminalState t, long nowMs) {
    return pastForget(t, nowMs) && t.heldByFindings();
  }

  private boolean pastForget(TerminalState t, long nowMs) {
    return t.sales.isEmpty() && nowMs >= t.lastHeardMs + forgetMs;
  }
}
