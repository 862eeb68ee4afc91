package io.tillwatch.journal;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.telemetry.TxnEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable record of what terminals told TillWatch: the port that ingest writes through and
 * recovery replays; {@code store.SqlEventJournal} implements it (and the task timeline's port).
 *
 * <p>Write futures complete after the group commit that holds the write (on the writer thread):
 * only then may the ingest acknowledge the message. A full write queue fails the future at once
 * with {@link JournalOverloadedException}; a storage failure fails every write of its batch.
 */
public interface EventJournal {
  CompletableFuture<Void> append(TxnEvent event, long receivedAtMs);

  /**
   * How long the oldest accepted, not yet committed write has waited (0: none). Detection holds its
   * clock back by this much, so a deadline never fires while the event that meets it is still on
   * its way to disk.
   */
  long uncommittedAgeMs();

  /** Upserts a terminal's latest heartbeat / status. */
  CompletableFuture<Void> saveTerminal(TerminalSnapshot terminal);

  /** Every stored terminal, for recovery. */
  List<TerminalSnapshot> terminals();

  /** Every journaled event in the order received, for recovery. */
  void replay(Consumer<StoredEvent> consumer);


  /**
   * Deletes events received before {@code nowMs - journalRetention} unless their sale has an
   * unresolved task or one resolved less than {@code taskRetention} ago; deletes tasks (and their
   * history) resolved longer than {@code taskRetention} ago. Returns the number of events deleted.
   */
  long prune(long nowMs, long journalRetentionMs, long taskRetentionMs);
}
