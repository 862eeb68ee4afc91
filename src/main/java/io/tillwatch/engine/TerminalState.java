package io.tillwatch.engine;

import java.util.IdentityHashMap;

/**
 * What the engine remembers of one terminal: its latest heartbeat and status (the durable part,
 * see {@link TerminalSnapshot}), its seq tracker, its tracked sales and its terminal-level
 * findings. It is also the terminal's deadline node (silence, backlog, gap and forget deadlines).
 */
final class TerminalState extends DeadlineNode {
  final String merchant;
  final String terminal;
  final SaleTable sales = new SaleTable();
  final SeqTracker seq;
  /** Times of the rare sales whose span outgrew an int of ms ({@link SaleState}); null until one does. */
  IdentityHashMap<SaleState, long[]> wideTimes;
  /** Its closed sales forgotten within detect.forgotten-sale-memory; null until the first. */
  ForgottenSales forgotten;
  /**
   * The rare sales whose first event came more than closedSaleLinger after the terminal stamped
   * it (the value: by how much), and was not recognised as a forgotten sale's: their findings say
   * that they may be a forgotten sale's late events. Null until the first.
   */
  IdentityHashMap<SaleState, Long> heardLate;

  long lastHeardMs;
  /**
   * The silence clock runs from max(lastHeardMs, silenceBaseMs). After a restart the base is the
   * restart time: the daemon could not hear anyone while down, which is no reason to page.
   */
  long silenceBaseMs;
  boolean online = true;
  int intervalSec = -1;
  long lastSeqReported = -1;
  int pendingUploads = -1;
  long pendingSinceMs = -1;
  String printer;
  String firmware;
  String network;
  Integer signal;
  String store;
  String region;
  long lastHeartbeatAtMs = -1;
  long clockSkewMs;
  boolean clockSkewKnown;

  /** Tracked sales not cleanly closed (maintained by {@link EngineCounters}). */
  int openSales;
  /** Sales with an open UNCONFIRMED_SALE or UNPRINTED_RECEIPT (maintained by {@link EngineCounters}). */
  int doubtfulSales;
  /**
   * The same sales, so the double-charge check looks at the few doubtful sales instead of every
   * remembered one (a busy terminal remembers 20 minutes of closed sales). Allocated on the first
   * doubtful sale: most terminals never have one.
   */
  java.util.ArrayList<SaleState> doubtful;

  /**
   * Its latest new sale was refused: it holds maxSalesPerTerminal sales, none closed, so its new
   * sales go unchecked. Cleared when a new sale is tracked or one of its sales goes (maintained by
   * {@link EngineCounters#overLimit}).
   */
  boolean overLimit;

  /** Subject of the open TERMINAL_SILENT finding, or null. */
  String silentSubject;
  Severity silentSeverity;
  /** Subject of the open UPLOAD_BACKLOG finding, or null. */
  String backlogSubject;
  /**
   * Subjects of open terminal-level findings whose task a person resolved: they still settle when
   * the evidence arrives (and are not raised again), but no longer keep the terminal remembered.
   * Null until a person lets one go, which is rare.
   */
  java.util.HashSet<String> letGo;

  TerminalState(String merchant, String terminal, int maxGapRanges, long createdMs) {
    this.merchant = merchant;
    this.terminal = terminal;
    this.seq = new SeqTracker(maxGapRanges);
    this.lastHeardMs = createdMs;
    this.silenceBaseMs = createdMs;
  }

  static String id(String merchant, String terminal) {
    return merchant + '/' + terminal;
  }

  Liveness liveness() {
    if (!online) {
      return Liveness.OFFLINE;
    }
    return silentSubject != null ? Liveness.SILENT : Liveness.ONLINE;
  }

  int openTerminalFindings() {
    return (silentSubject != null ? 1 : 0) + (backlogSubject != null ? 1 : 0) + seq.openGapFindings();
  }

  /**
   * Whether an open terminal-level finding keeps this terminal remembered past terminalForget: its
   * task is open, and only this state can settle it when the terminal is heard again.
   */
  boolean heldByFindings() {
    if (letGo == null) {
      return silentSubject != null || backlogSubject != null || seq.openGapFindings() > 0;
    }
    if (silentSubject != null && !letGo.contains(silentSubject)
        || backlogSubject != null && !letGo.contains(backlogSubject)) {
      return true;
    }
    for (SeqTracker.Episode ep : seq.episodes()) {
      if (ep.raised && !letGo.contains(ep.subject())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a finding of this subject is open here (a terminal-level kind). */
  boolean holdsOpen(String subject) {
    if (subject.equals(silentSubject) || subject.equals(backlogSubject)) {
      return true;
    }
    for (SeqTracker.Episode ep : seq.episodes()) {
      if (ep.raised && ep.subject().equals(subject)) {
        return true;
      }
    }
    return false;
  }

  /** A person resolved the task of this open finding: it no longer holds the terminal. False if it is not open here. */
  boolean letGo(String subject) {
    if (!holdsOpen(subject)) {
      return false;
    }
    if (letGo == null) {
      letGo = new java.util.HashSet<>(2);
    }
    return letGo.add(subject);
  }

  /** The finding of this subject settled: nothing to let go any more. */
  void settled(String subject) {
    if (letGo != null && letGo.remove(subject) && letGo.isEmpty()) {
      letGo = null;
    }
  }

  FindingKey key(FindingKind kind, String subject) {
    return new FindingKey(kind, merchant, terminal, subject);
  }
}
