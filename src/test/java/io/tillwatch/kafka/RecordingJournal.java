package io.tillwatch.kafka;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.telemetry.TxnEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A journal that stores at once and remembers what it was given (the detector's writes to the shared store). */
final class RecordingJournal implements EventJournal {
  final List<StoredEvent> appended = new CopyOnWriteArrayList<>();
  final List<TerminalSnapshot> savedTerminals = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<Void> append(TxnEvent event, long receivedAtMs) {
    appended.add(new StoredEvent(receivedAtMs, event));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public long uncommittedAgeMs() {
    return 0;
  }

  @Override
  public CompletableFuture<Void> saveTerminal(TerminalSnapshot terminal) {
    savedTerminals.add(terminal);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public List<TerminalSnapshot> terminals() {
    return List.copyOf(savedTerminals);
  }

  @Override
  public void replay(Consumer<StoredEvent> consumer) {
    appended.forEach(consumer);
  }

  @Override
  public long prune(long nowMs, long journalRetentionMs, long taskRetentionMs) {
    return 0;
  }
}
