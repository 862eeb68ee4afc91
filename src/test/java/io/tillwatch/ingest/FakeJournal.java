package io.tillwatch.ingest;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.journal.JournalOverloadedException;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.telemetry.TxnEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A journal that commits only when the test says so ({@code commits.get(i).complete(null)}), so a
 * test can look at the moment between "accepted" and "durable". Safe to read from the test thread
 * while event loops append (appends are serialized, as the one writer thread serializes them).
 */
final class FakeJournal implements EventJournal {
  final List<StoredEvent> appended = new CopyOnWriteArrayList<>();
  final List<CompletableFuture<Void>> commits = new CopyOnWriteArrayList<>();
  final List<TerminalSnapshot> savedTerminals = new CopyOnWriteArrayList<>();
  final List<CompletableFuture<Void>> terminalSaves = new CopyOnWriteArrayList<>();
  /** The thread of each append, in the order of {@link #appended}. */
  final List<String> appendThreads = new CopyOnWriteArrayList<>();
  volatile boolean overloaded;
  /** Terminal saves commit at once (a test about events only). */
  volatile boolean savesAtOnce;

  @Override
  public synchronized CompletableFuture<Void> append(TxnEvent event, long receivedAtMs) {
    if (overloaded) {
      return CompletableFuture.failedFuture(new JournalOverloadedException(1));
    }
    CompletableFuture<Void> commit = new CompletableFuture<>();
    commits.add(commit); // before the event, so a test that sees the event finds its commit
    appendThreads.add(Thread.currentThread().getName());
    appended.add(new StoredEvent(receivedAtMs, event));
    return commit;
  }

  @Override
  public long uncommittedAgeMs() {
    return 0;
  }

  @Override
  public CompletableFuture<Void> saveTerminal(TerminalSnapshot terminal) {
    CompletableFuture<Void> save = savesAtOnce ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    terminalSaves.add(save);
    savedTerminals.add(terminal);
    return save;
  }

  @Override
  public List<TerminalSnapshot> terminals() {
    return List.of();
  }

  @Override
  public void replay(Consumer<StoredEvent> consumer) {}


  @Override
  public long prune(long nowMs, long journalRetentionMs, long taskRetentionMs) {
    return 0;
  }
}
