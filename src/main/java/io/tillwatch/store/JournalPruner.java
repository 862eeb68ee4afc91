package io.tillwatch.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes old journal events and old resolved tasks, in small chunks.
 *
 * <p>Design. Pruning is a write, so it runs on the {@link GroupCommitWriter}, but never as one big
 * DELETE: each chunk is its own op (committed in whatever batch it lands in), so ingestion writes
 * queue behind at most one chunk, never behind the whole prune.
 * <ol>
 *   <li>Resolved tasks with {@code resolved_at_ms < now - taskRetention} go first, with their history,
 *       {@code chunk} tasks per op.</li>
 *   <li>Events: the highest id with {@code received_ms < now - journalRetention} bounds the work. The
 *       pruner walks windows of {@code chunk} rowids from the oldest event up to that bound and, per
 *       window, deletes the old events whose sale (merchant, terminal, txn) has no task that is
 *       unresolved or resolved within taskRetention. Walking by rowid windows (not "the first N
 *       deletable rows") means kept events are scanned once, not once per chunk.</li>
 * </ol>
 */
final class JournalPruner {
  private static final Logger log = LoggerFactory.getLogger(JournalPruner.class);

  private static final String OLD_TASKS = "SELECT id FROM tasks WHERE state = 'RESOLVED' AND resolved_at_ms < ? "
      + "ORDER BY resolved_at_ms LIMIT ?";
  private static final String DELETE_OLD_HISTORY = "DELETE FROM task_history WHERE task_id IN (" + OLD_TASKS + ")";
  private static final String DELETE_OLD_TASKS = "DELETE FROM tasks WHERE id IN (" + OLD_TASKS + ")";
  private static final String MAX_OLD_EVENT = "SELECT MAX(id) FROM events WHERE received_ms < ?";
  private static final String WINDOW_END = "SELECT MAX(id) FROM (SELECT id FROM events WHERE id > ? AND id <= ? "
      + "ORDER BY id LIMIT ?) AS w";
  private static final String DELETE_EVENTS = "DELETE FROM events WHERE id > ? AND id <= ? AND received_ms < ? "
      + "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.merchant = events.merchant AND t.terminal = events.terminal "
      + "AND t.txn = events.txn AND (t.state <> 'RESOLVED' OR t.resolved_at_ms >= ?))";

  private final GroupCommitWriter writer;
  private final int chunk;

  JournalPruner(GroupCommitWriter writer, int chunk) {
    this.writer = writer;
    this.chunk = chunk;
  }

  /** Blocks until done; returns the number of events deleted. Not to be called on the writer thread. */
  long prune(long nowMs, long journalRetentionMs, long taskRetentionMs) {
    if (writer.isWriterThread()) {
      throw new IllegalStateException("prune() on the writer thread would wait for itself");
    }
    long eventCutoff = nowMs - journalRetentionMs;
    long taskCutoff = nowMs - taskRetentionMs;

    long tasksDeleted = 0;
    while (true) {
      int n = await(writer.submit(s -> {
        bindOldTasks(s.prepare(DELETE_OLD_HISTORY), taskCutoff);
        s.prepare(DELETE_OLD_HISTORY).executeUpdate();
        bindOldTasks(s.prepare(DELETE_OLD_TASKS), taskCutoff);
        return s.prepare(DELETE_OLD_TASKS).executeUpdate();
      }));
      tasksDeleted += n;
      if (n < chunk) {
        break;
      }
    }

    long bound = await(writer.submit(s -> {
      PreparedStatement ps = s.prepare(MAX_OLD_EVENT);
      ps.setLong(1, eventCutoff);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L; // MAX of nothing is NULL -> 0
      }
    }));
    long eventsDeleted = 0;
    long from = 0; // exclusive lower rowid of the next window
    while (from < bound) {
      long start = from;
      long[] windowAndDeleted = await(writer.submit(s -> {
        PreparedStatement end = s.prepare(WINDOW_END);
        end.setLong(1, start);
        end.setLong(2, bound);
        end.setInt(3, chunk);
        long to;
        try (ResultSet rs = end.executeQuery()) {
          to = rs.next() ? rs.getLong(1) : 0L;
        }
        if (to <= start) {
          return new long[] {bound, 0};
        }
        PreparedStatement del = s.prepare(DELETE_EVENTS);
        del.setLong(1, start);
        del.setLong(2, to);
        del.setLong(3, eventCutoff);
        del.setLong(4, taskCutoff);
        return new long[] {to, del.executeUpdate()};
      }));
      from = windowAndDeleted[0];
      eventsDeleted += windowAndDeleted[1];
    }
    log.info("pruned {} events (received before {}) and {} resolved tasks (resolved before {})",
        eventsDeleted, eventCutoff, tasksDeleted, taskCutoff);
    return eventsDeleted;
  }

  private void bindOldTasks(PreparedStatement ps, long taskCutoff) throws SQLException {
    ps.setLong(1, taskCutoff);
    ps.setInt(2, chunk);
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while pruning", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("pruning failed: " + cause.getMessage(), cause);
    }
  }
}
