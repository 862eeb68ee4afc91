package io.tillwatch.store;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.tasks.SaleTimeline;
import io.tillwatch.telemetry.TxnEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link EventJournal} on SQLite or PostgreSQL. Writes go through the {@link GroupCommitWriter} with cached
 * prepared statements; reads use the {@link ReadPool}.
 *
 * <p>The journal is append-only: a redelivered event (same terminal and seq) is stored again. The
 * engine is idempotent on replay, and a UNIQUE constraint would turn a redelivery into a failed
 * batch (a SQLException fails every write in it).
 */
public final class SqlEventJournal implements EventJournal, SaleTimeline {
  static final int DEFAULT_PRUNE_CHUNK = 2_000;

  private final GroupCommitWriter writer;
  private final ReadPool reads;
  private final JournalPruner pruner;

  SqlEventJournal(GroupCommitWriter writer, ReadPool reads, int pruneChunk) {
    this.writer = writer;
    this.reads = reads;
    this.pruner = new JournalPruner(writer, pruneChunk);
  }

  @Override
  public CompletableFuture<Void> append(TxnEvent event, long receivedAtMs) {
    // One INSERT that cannot reject: no savepoint needed (see GroupCommitWriter#submitUnguarded),
    // and on PostgreSQL sent together with the batch's other appends (WriteSession#addDeferred).
    return writer.submitUnguarded(s -> {
      s.addDeferred(EventRows.INSERT_EVENT, ps -> EventRows.bindEvent(ps, event, receivedAtMs));
      return null;
    });
  }

  @Override
  public long uncommittedAgeMs() {
    return writer.oldestUncommittedAgeNanos() / 1_000_000;
  }

  @Override
  public CompletableFuture<Void> saveTerminal(TerminalSnapshot terminal) {
    // Executed alone, never deferred: the writer's connection rewrites deferred rows into multi-row
    // INSERTs, and ON CONFLICT DO UPDATE cannot touch one terminal twice in one statement.
    return writer.submitUnguarded(s -> {
      PreparedStatement ps = s.prepare(EventRows.UPSERT_TERMINAL);
      EventRows.bindTerminal(ps, terminal);
      ps.executeUpdate();
      return null;
    });
  }

  @Override
  public List<TerminalSnapshot> terminals() {
    return reads.read("terminals", c -> {
      List<TerminalSnapshot> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM terminals ORDER BY merchant, terminal");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(EventRows.readTerminal(rs));
        }
      }
      return out;
    });
  }

  /** Streams row by row (SQLite steps the cursor lazily), so memory stays flat however long the journal. */
  @Override
  public void replay(Consumer<StoredEvent> consumer) {
    reads.read("replay", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.EVENT_COLUMNS + " FROM events ORDER BY id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          consumer.accept(EventRows.readEvent(rs));
        }
      }
      return null;
    });
  }

  @Override
  public List<StoredEvent> events(String merchant, String terminal, String txn) {
    return reads.read("timeline", c -> {
      List<StoredEvent> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.EVENT_COLUMNS
          + " FROM events WHERE merchant = ? AND terminal = ? AND txn = ? ORDER BY id")) {
        ps.setString(1, merchant);
        ps.setString(2, terminal);
        ps.setString(3, txn);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(EventRows.readEvent(rs));
          }
        }
      }
      return out;
    });
  }

  /** Blocking; runs in chunks on the writer (see {@link JournalPruner}). Call it off the event loop. */
  @Override
  public long prune(long nowMs, long journalRetentionMs, long taskRetentionMs) {
    return pruner.prune(nowMs, journalRetentionMs, taskRetentionMs);
  }
}
