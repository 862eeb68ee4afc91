package io.tillwatch.engine;

import java.util.ArrayList;
import java.util.List;

/** Builds the read models (views, durable snapshot) from engine state, on the engine's thread. */
final class ReadModels {
  private static final FindingKind[] KINDS = FindingKind.values();

  private ReadModels() {}

  static TerminalSnapshot snapshot(TerminalState t) {
    return new TerminalSnapshot(t.merchant, t.terminal, t.lastHeardMs, t.online, t.intervalSec,
        t.lastSeqReported, t.pendingUploads, t.pendingSinceMs, t.printer, t.firmware, t.network, t.signal,
        t.store, t.region, t.lastHeartbeatAtMs);
  }

  /** Seeds a terminal from its stored snapshot (recovery). */
  static void restore(TerminalState t, TerminalSnapshot s) {
    t.lastHeardMs = s.lastHeardMs();
    t.silenceBaseMs = s.lastHeardMs();
    t.online = s.online();
    t.intervalSec = s.intervalSec();
    t.lastSeqReported = s.lastSeqReported();
    t.pendingUploads = s.pendingUploads();
    t.pendingSinceMs = s.pendingSinceMs();
    t.printer = s.printer();
    t.firmware = s.firmware();
    t.network = s.network();
    t.signal = s.signal();
    t.store = s.store();
    t.region = s.region();
    t.lastHeartbeatAtMs = s.lastHeartbeatAtMs();
  }

  static TerminalView view(TerminalState t) {
    List<OpenSaleView> open = new ArrayList<>();
    List<FindingKind> findings = terminalFindings(t);
    for (SaleState s : t.sales) {
      findings.addAll(kinds(s.open()));
      SaleStage stage = s.stage();
      if (stage != null) {
        open.add(new OpenSaleView(s.txn(), stage, s.amount, s.currency(), s.rrn, s.firstReceivedMs,
            SaleMask.names(s.mask()), kinds(s.open())));
      }
    }
    open.sort((a, b) -> Long.compare(a.firstReceivedMs(), b.firstReceivedMs()));
    return new TerminalView(t.merchant, t.terminal, t.liveness(), snapshot(t),
        t.clockSkewKnown ? t.clockSkewMs : 0, t.seq.highestSeq(), t.seq.missingRanges(), open, findings);
  }

  static TerminalSummary summary(TerminalState t) {
    List<FindingKind> findings = terminalFindings(t);
    int open = 0;
    for (SaleState s : t.sales) {
      findings.addAll(kinds(s.open()));
      if (s.stage() != null) {
        open++;
      }
    }
    return new TerminalSummary(t.merchant, t.terminal, t.liveness(), t.lastHeardMs, t.store, t.region, t.printer,
        t.pendingUploads, open, findings);
  }

  private static List<FindingKind> terminalFindings(TerminalState t) {
    List<FindingKind> findings = new ArrayList<>();
    if (t.silentSubject != null) {
      findings.add(FindingKind.TERMINAL_SILENT);
    }
    if (t.backlogSubject != null) {
      findings.add(FindingKind.UPLOAD_BACKLOG);
    }
    for (int i = t.seq.openGapFindings(); i > 0; i--) {
      findings.add(FindingKind.TELEMETRY_GAP);
    }
    return findings;
  }

  private static List<FindingKind> kinds(int bits) {
    List<FindingKind> out = new ArrayList<>(Integer.bitCount(bits));
    for (FindingKind k : KINDS) {
      if ((bits & SaleState.bit(k)) != 0) {
        out.add(k);
      }
    }
    return out;
  }
}
