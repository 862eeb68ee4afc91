package io.tillwatch.engine;

import java.util.List;

/**
 * The terminal-level deadline rules, each declared once: its clock, its timeout, how a finding is
 * raised and cleared. {@link TerminalRules} raises and schedules from these alone, with the same
 * {@link Deadline} arithmetic as the sale rules.
 *
 * <p>Design: a rule has episodes (a silence, a backlog, a gap in the seqs), each a finding of its
 * own subject ({@link FindingKey}). {@link #clockStartMs} is the clock start of the earliest
 * episode not raised yet; {@link #raise} raises exactly that episode, so the evaluator raises
 * every late episode, earliest first, and the next look is when the earliest pending one turns
 * late. Clearing happens where the evidence arrives ({@link TerminalRules}): it calls
 * {@link #settle}.
 *
 * <p>The constants are static singletons; a rule's setting is read once, when the engine is built.
 * What the operator is told to do belongs to the {@link FindingKind}.
 */
enum TerminalRule {
  /**
   * Nothing heard for silenceFactor x the promised heartbeat interval (no promise before the first
   * heartbeat, so no silence), or at once on the broker's Last Will. Cleared when the terminal is
   * heard. Critical while the terminal holds open sales.
   */
  TERMINAL_SILENT(FindingKind.TERMINAL_SILENT, "The terminal was heard again.") {
    @Override
    long setting(DetectionSettings s) {
      return s.silenceFactor();
    }

    @Override
    long clockStartMs(TerminalState t) {
      if (t.silentSubject != null) {
        return NONE;
      }
      if (!t.online) {
        return t.lastHeardMs; // the Last Will is late at once: any time up to now will do
      }
      // after a restart the clock runs from the restart: the daemon being down is no reason to page
      return t.intervalSec > 0 ? Math.max(t.lastHeardMs, t.silenceBaseMs) : NONE;
    }

    @Override
    long timeoutMs(TerminalState t, long silenceFactor) {
      return t.online ? silenceFactor * t.intervalSec * 1000L : Deadline.AT_ONCE;
    }

    @Override
    long dueMs(long startMs, long timeoutMs, long nowMs) {
      // the Last Will's own receive time is not kept (a restart restores only "offline"): it is
      // due when looked at, which is when it arrives unless the daemon restarted
      return timeoutMs == Deadline.AT_ONCE ? nowMs : Deadline.dueMs(startMs, timeoutMs);
    }

    @Override
    Severity severity(TerminalState t) {
      return t.openSales > 0 ? Severity.CRITICAL : kind.defaultSeverity();
    }

    @Override
    Finding raise(TerminalState t, long dueAtMs, long raisedAtMs, long timeoutMs, long silenceFactor) {
      // the subject is the last time the terminal itself spoke: a Last Will does not count
      t.silentSubject = "silent@" + t.lastHeardMs;
      t.silentSeverity = severity(t);
      String why = timeoutMs == Deadline.AT_ONCE
          ? "The terminal's connection dropped (Last Will: offline)."
          : "Nothing heard for " + timeoutMs / 1000 + " s (" + silenceFactor
              + " x the promised heartbeat interval of " + t.intervalSec + " s).";
      return Findings.terminal(t, kind, t.silentSubject, t.silentSeverity, dueAtMs, raisedAtMs,
          why + (t.openSales > 0 ? " It holds " + t.openSales + " open sale(s)." : ""),
          t.openSales > 0 ? Findings.silentWithOpenSales(t) : null);
    }

    @Override
    void settle(TerminalState t, long nowMs, FindingSink sink) {
      if (t.silentSubject != null) {
        cleared(t, t.silentSubject, nowMs, sink);
        t.silentSubject = null;
        t.silentSeverity = null;
      }
    }
  },

  /**
   * Offline-approved sales still pending upload backlogTimeout after a heartbeat first reported
   * them. Cleared by a heartbeat that reports none pending.
   */
  UPLOAD_BACKLOG(FindingKind.UPLOAD_BACKLOG, "The terminal reports no pending uploads.") {
    @Override
    long setting(DetectionSettings s) {
      return s.backlogTimeout().toMillis();
    }

    @Override
    long clockStartMs(TerminalState t) {
      return t.backlogSubject == null && t.pendingSinceMs >= 0 ? t.pendingSinceMs : NONE;
    }

    @Override
    Finding raise(TerminalState t, long dueAtMs, long raisedAtMs, long timeoutMs, long setting) {
      t.backlogSubject = "backlog@" + t.pendingSinceMs;
      return Findings.terminal(t, kind, t.backlogSubject, severity(t), dueAtMs, raisedAtMs,
          t.pendingUploads + " offline-approved sale(s) pending upload for over " + span(timeoutMs) + ".");
    }

    @Override
    void settle(TerminalState t, long nowMs, FindingSink sink) {
      if (t.backlogSubject != null) {
        cleared(t, t.backlogSubject, nowMs, sink);
        t.backlogSubject = null;
      }
    }
  },

  /**
   * Transaction-event seqs missing gapTimeout after the gap was detected ({@link SeqTracker}: one
   * episode per detection). Cleared when the last missing event of the episode arrives.
   */
  TELEMETRY_GAP(FindingKind.TELEMETRY_GAP, "The missing events arrived.") {
    @Override
    long setting(DetectionSettings s) {
      return s.gapTimeout().toMillis();
    }

    @Override
    long clockStartMs(TerminalState t) {
      SeqTracker.Episode ep = t.seq.earliestUnraised();
      return ep == null ? NONE : ep.detectedMs;
    }

    @Override
    Finding raise(TerminalState t, long dueAtMs, long raisedAtMs, long timeoutMs, long setting) {
      SeqTracker.Episode ep = t.seq.earliestUnraised();
      t.seq.markRaised(ep);
      return Findings.terminal(t, kind, ep.subject(), severity(t), dueAtMs, raisedAtMs,
          "Transaction events seq " + t.seq.stillMissing(ep) + " did not arrive within " + timeoutMs / 1000 + " s.");
    }

    @Override
    void settle(TerminalState t, long nowMs, FindingSink sink) {
      List<SeqTracker.Episode> done = t.seq.completed();
      for (int i = 0; i < done.size(); i++) {
        SeqTracker.Episode ep = done.get(i);
        if (ep.raised) {
          cleared(t, ep.subject(), nowMs, sink);
        }
      }
      done.clear();
    }
  };

  /** "No episode pending" from {@link #clockStartMs}. */
  static final long NONE = Long.MIN_VALUE;

  /** The finding it raises. */
  final FindingKind kind;
  /** Why its finding cleared; one sentence. */
  final String settledDetail;

  TerminalRule(FindingKind kind, String settledDetail) {
    this.kind = kind;
    this.settledDetail = settledDetail;
  }

  /** The setting behind its timeout, read once (ms, or a factor). */
  abstract long setting(DetectionSettings s);

  /** The clock start of this terminal's earliest episode not raised yet, or {@link #NONE}. */
  abstract long clockStartMs(TerminalState t);

  /** The pending episode's timeout, or {@link Deadline#AT_ONCE}; by default the setting itself. */
  long timeoutMs(TerminalState t, long setting) {
    return setting;
  }

  /** The pending episode's {@code dueAtMs}, once it is late at {@code nowMs}. */
  long dueMs(long startMs, long timeoutMs, long nowMs) {
    return Deadline.dueMs(startMs, timeoutMs);
  }

  /** The severity its finding is raised with; by default the kind's. */
  Severity severity(TerminalState t) {
    return kind.defaultSeverity();
  }

  /** Records the pending episode (the one {@link #clockStartMs} spoke of) as raised, and builds its finding. */
  abstract Finding raise(TerminalState t, long dueAtMs, long raisedAtMs, long timeoutMs, long setting);

  /** Clears the episodes that the evidence just received settled. */
  abstract void settle(TerminalState t, long nowMs, FindingSink sink);

  /** Tells the sink that the episode of this subject is settled. */
  final void cleared(TerminalState t, String subject, long nowMs, FindingSink sink) {
    t.settled(subject);
    sink.cleared(t.key(kind, subject), nowMs, settledDetail);
  }

  /** A deadline for people: seconds under a minute ("20 s"), whole minutes above ("15 min"). */
  static String span(long ms) {
    return ms < 60_000 ? ms / 1000 + " s" : ms / 60_000 + " min";
  }
}
