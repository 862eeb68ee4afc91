package io.tillwatch.engine;

import io.tillwatch.telemetry.Heartbeat;
import java.util.List;

/**
 * The terminal-level rules: TERMINAL_SILENT, UPLOAD_BACKLOG and TELEMETRY_GAP, plus forgetting.
 *
 * <p>Design: like the sale rules, {@link #evaluate} raises what is due at {@code nowMs}, and
 * {@link #nextDeadline} says when the terminal must next be looked at. Clearing happens where the
 * evidence arrives: hearing the terminal clears silence, a heartbeat with no pending uploads clears
 * the backlog, the last missing seq of a gap clears it. Deadlines are strict like the sale rules':
 * a heartbeat exactly {@code silenceFactor x intervalSec} after the last one is in time.
 *
 * <p>Silence needs a promised interval: before the first heartbeat there is no silence detection.
 * A Last Will ({@code offline}) raises at once; it is the broker speaking for the terminal, so it
 * does not count as hearing the terminal (lastHeardMs, and so the finding's subject, stay put).
 */
final class TerminalRules {
  private final long silenceFactor;
  private final long gapMs;
  private final long backlogMs;
  private final long forgetMs;
  private final FindingSink sink;

  TerminalRules(DetectionSettings s, FindingSink sink) {
    this.silenceFactor = s.silenceFactor();
    this.gapMs = s.gapTimeout().toMillis();
    this.backlogMs = s.backlogTimeout().toMillis();
    this.forgetMs = s.terminalForget().toMillis();
    this.sink = sink;
  }

  /** Anything received from the terminal itself: it is connected, and not silent. */
  void heard(TerminalState t, long receivedAtMs, long nowMs) {
    t.lastHeardMs = Math.max(t.lastHeardMs, receivedAtMs);
    t.online = true;
    if (t.silentSubject != null) {
      sink.cleared(t.key(FindingKind.TERMINAL_SILENT, t.silentSubject), nowMs, "The terminal was heard again.");
      t.silentSubject = null;
      t.silentSeverity = null;
    }
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
          t.pendingSinceMs = receivedAtMs;
        }
      } else {
        if (t.backlogSubject != null) {
          sink.cleared(t.key(FindingKind.UPLOAD_BACKLOG, t.backlogSubject), nowMs,
              "The terminal reports no pending uploads.");
          t.backlogSubject = null;
        }
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

  void evaluate(TerminalState t, long nowMs) {
    if (t.silentSubject == null) {
      if (!t.online) {
        raiseSilent(t, nowMs, nowMs, "The terminal's connection dropped (Last Will: offline).");
      } else if (t.intervalSec > 0) {
        long due = silenceBase(t) + silenceMs(t);
        if (nowMs > due) {
          raiseSilent(t, due, nowMs, "Nothing heard for " + silenceMs(t) / 1000 + " s ("
              + silenceFactor + " x the promised heartbeat interval of " + t.intervalSec + " s).");
        }
      }
    }
    if (t.backlogSubject == null && t.pendingSinceMs >= 0 && nowMs > t.pendingSinceMs + backlogMs) {
      t.backlogSubject = "backlog@" + t.pendingSinceMs;
      sink.raised(Findings.terminal(t, FindingKind.UPLOAD_BACKLOG, t.backlogSubject, Severity.WARNING,
          t.pendingSinceMs + backlogMs, nowMs, t.pendingUploads + " offline-approved sale(s) pending upload for over "
              + backlogMs / 60_000 + " min."));
    }
    List<SeqTracker.Episode> episodes = t.seq.episodes();
    for (int i = 0; i < episodes.size(); i++) {
      SeqTracker.Episode ep = episodes.get(i);
      if (!ep.raised && nowMs > ep.detectedMs + gapMs) {
        sink.raised(Findings.terminal(t, FindingKind.TELEMETRY_GAP, ep.subject(), Severity.WARNING,
            ep.detectedMs + gapMs, nowMs, "Transaction events seq " + ep.first + ".." + ep.last + " ("
                + (ep.last - ep.first + 1) + ") did not arrive within " + gapMs / 1000 + " s."));
        t.seq.markRaised(ep);
        if (i < episodes.size() && episodes.get(i) != ep) {
          i--; // markRaised removed it
        }
      }
    }
  }

  /** Clears the gaps whose missing events have all arrived. */
  void clearFilledGaps(TerminalState t, long nowMs) {
    List<SeqTracker.Episode> done = t.seq.completed();
    for (int i = 0; i < done.size(); i++) {
      SeqTracker.Episode ep = done.get(i);
      if (ep.raised) {
        sink.cleared(t.key(FindingKind.TELEMETRY_GAP, ep.subject()), nowMs, "The missing events arrived.");
      }
    }
    done.clear();
  }

  /** TERMINAL_SILENT is critical while the terminal holds open sales. */
  void syncSilentSeverity(TerminalState t, long nowMs) {
    if (t.silentSubject == null) {
      return;
    }
    Severity wanted = silentSeverity(t);
    if (wanted != t.silentSeverity) {
      t.silentSeverity = wanted;
      sink.severityChanged(t.key(FindingKind.TERMINAL_SILENT, t.silentSubject), wanted, nowMs);
    }
  }

  long nextDeadline(TerminalState t) {
    long next = Long.MAX_VALUE;
    if (t.silentSubject == null) {
      if (!t.online) {
        next = t.lastHeardMs; // raise at once (pending only after a restore)
      } else if (t.intervalSec > 0) {
        next = silenceBase(t) + silenceMs(t) + 1;
      }
    }
    if (t.backlogSubject == null && t.pendingSinceMs >= 0) {
      next = Math.min(next, t.pendingSinceMs + backlogMs + 1);
    }
    long detected = t.seq.earliestUnraisedDetection();
    if (detected != Long.MAX_VALUE) {
      next = Math.min(next, detected + gapMs + 1);
    }
    if (t.sales.isEmpty()) {
      next = Math.min(next, t.lastHeardMs + forgetMs);
    }
    return next;
  }

  /**
   * Forgotten when it holds no sale and was not heard for terminalForget. Open terminal-level
   * findings do not keep it: a dead terminal's TERMINAL_SILENT (and its gaps) would otherwise pin
   * it forever; those tasks stay open in the task store for a person.
   */
  boolean forgettable(TerminalState t, long nowMs) {
    return t.sales.isEmpty() && nowMs >= t.lastHeardMs + forgetMs;
  }

  private void raiseSilent(TerminalState t, long dueAtMs, long nowMs, String detail) {
    t.silentSubject = "silent@" + t.lastHeardMs;
    t.silentSeverity = silentSeverity(t);
    sink.raised(Findings.terminal(t, FindingKind.TERMINAL_SILENT, t.silentSubject, t.silentSeverity,
        dueAtMs, nowMs, detail + (t.openSales > 0 ? " It holds " + t.openSales + " open sale(s)." : "")));
  }

  private static Severity silentSeverity(TerminalState t) {
    return t.openSales > 0 ? Severity.CRITICAL : Severity.WARNING;
  }

  private static long silenceBase(TerminalState t) {
    return Math.max(t.lastHeardMs, t.silenceBaseMs);
  }

  private long silenceMs(TerminalState t) {
    return silenceFactor * t.intervalSec * 1000L;
  }
}
