package io.tillwatch.runtime;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.EventJournal;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds engine state after a start or a crash: terminals from their stored state, sales by
 * replaying the journal in the order it was received. Deadlines are re-armed from the original
 * receive times, so whatever fell due while TillWatch was down is raised on the first tick, and
 * findings that were open are raised again (the task service deduplicates them).
 *
 * <p>Sequence tracking is rebuilt only from events younger than the journal retention: older
 * events that survive pruning (those of sales with tasks) are sparse, and their holes are not
 * lost telemetry.
 *
 * <p>Only the terminals this instance watches ({@link TerminalOwnership}) are rebuilt, and only
 * their unresolved tasks are checked: on a store shared with other instances, the rest belong to
 * an engine elsewhere, which alone can tell whether their findings still hold.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /** What recovery did, for the start-up log line and tests. */
  public record Result(int terminals, long events, long millis) {}

  private Recovery() {}

  /**
   * Auto-resolves unresolved tasks whose finding a journaled event (or a stored heartbeat) already
   * closed: the crash came after the closing input's commit and before its auto-resolution's. The
   * others are handed back to their engine ({@link DetectionEngine#reconcile}): a terminal's
   * open silence or backlog is not in its stored snapshot, and without it the restored terminal
   * would be forgotten and could never settle the task. Call after {@link #run}, before the shards
   * start. Returns how many were closed.
   */
  public static int reconcile(Iterable<FindingKey> unresolved, EngineShards shards, FindingSink sink, long nowMs,
      TerminalOwnership ownership) {
    return reconcile(unresolved, (merchant, terminal) -> ownership.owns(merchant, terminal)
        ? shards.engineFor(merchant, terminal) : null, sink, nowMs);
  }

  /**
   * The same for any engines: {@code engineOwning} gives the engine detecting a terminal here, or
   * null when it is detected elsewhere (another instance, another partition).
   */
  public static int reconcile(Iterable<FindingKey> unresolved, BiFunction<String, String, DetectionEngine> engineOwning,
      FindingSink sink, long nowMs) {
    int closed = 0;
    for (FindingKey key : unresolved) {
      DetectionEngine engine = engineOwning.apply(key.merchant(), key.terminal());
      if (engine != null && !engine.reconcile(key)) {
        sink.cleared(key, nowMs, "closed by an event received before the restart");
        closed++;
      }
    }
    if (closed > 0) {
      LOG.info("{} unresolved tasks were already closed by journaled events; auto-resolving them", closed);
    }
    return closed;
  }

  public static Result run(EventJournal journal, EngineShards shards, long nowMs, long journalRetentionMs,
      TerminalOwnership ownership) {
    long started = System.nanoTime();
    int terminals = 0;
    for (TerminalSnapshot t : journal.terminals()) {
      if (!ownership.owns(t.merchant(), t.terminal())) {
        continue;
      }
      shards.engineFor(t.merchant(), t.terminal()).restoreTerminal(t);
      terminals++;
    }
    long cutoff = nowMs - journalRetentionMs;
    long[] events = {0};
    journal.replay(stored -> {
      if (!ownership.owns(stored.event().merchant(), stored.event().terminal())) {
        return;
      }
      shards.engineFor(stored.event().merchant(), stored.event().terminal())
          .replayTxnEvent(stored.event(), stored.receivedAtMs(), stored.receivedAtMs() >= cutoff);
      events[0]++;
    });
    for (DetectionEngine engine : shards.engines()) {
      engine.finishRecovery(nowMs);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    Result r = new Result(terminals, events[0], ms);
    LOG.info("recovered {} terminals and {} journaled events in {} ms", r.terminals(), r.events(), r.millis());
    return r;
  }
}
