package io.tillwatch.journal;

/** The write queue is full: the message is not stored and must not be acknowledged. */
public final class JournalOverloadedException extends RuntimeException {
  public JournalOverloadedException(int capacity) {
    super("journal write queue is full (" + capacity + " pending writes)", null, false, false);
  }
}
