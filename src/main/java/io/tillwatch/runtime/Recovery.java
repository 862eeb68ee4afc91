package io.tillwatch.runtime;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.EventJournal;
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
 * <p>Ownership. On a store shared by partitioned instances the journal, the terminal snapshots
 * and the unresolved tasks hold every instance's terminals. An instance rebuilds only the terminals
 * it owns: another's sales in progress would never see their later events here and fall due as
 * false findings, its terminals would fall silent, and its open tasks would look closed.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /** What recovery did, for the start-up log line and tests. */
  public record Result(int terminals, long events, long millis) {}

  /** Which terminals this instance owns (partitioned broker mode on a shared store); {@link #ALL} otherwise. */
  @FunctionalInterface
  public interface Owner {
    boolean owns(String merchant, String terminal);
  }

  public static final Owner ALL = (merchant, terminal) -> true;

  private Recovery() {}

  /**
   * Auto-resolves unresolved tasks whose finding a journaled event already closed: the crash came
   * after the closing event's commit and before its auto-resolution's. Call after {@link #run}.
   * Only tasks of terminals {@code owns} accepts: the others' state was not rebuilt here, and their
   * owner closes them. Returns how many were closed.
   */
  public static int reconcile(Iterable<FindingKey> unresolved, EngineShards shards, FindingSink sink, long nowMs,
      Owner owns) {
    int closed = 0;
    for (FindingKey key : unresolved) {
      if (owns.owns(key.merchant(), key.terminal()) && !shards.engineFor(key.merchant(), key.terminal()).stillHolds(key)) {
        sink.cleared(key, nowMs, "closed by an event received before the restart");
        closed++;
      }
    }
    if (closed > 0) {
      LOG.info("{} unresolved tasks were already closed by journaled events; auto-resolving them", closed);
    }
    return closed;
  }

  /** Rebuilds the terminals {@code owns} accepts ({@link #ALL}: every one in the journal). */
  public static Result run(EventJournal journal, EngineShards shards, long nowMs, long journalRetentionMs, Owner owns) {
    long started = System.nanoTime();
    int terminals = 0;
    for (TerminalSnapshot t : journal.terminals()) {
      if (!owns.owns(t.merchant(), t.terminal())) {
        continue;
      }
      shards.engineFor(t.merchant(), t.terminal()).restoreTerminal(t);
      terminals++;
    }
    long cutoff = nowMs - journalRetentionMs;
    long[] events = {0};
    journal.replay(stored -> {
      if (!owns.owns(stored.event().merchant(), stored.event().terminal())) {
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
