package io.tillwatch.store;

/**
 * Told about every group commit and every read, so the metrics layer can count and time them
 * without the store knowing Micrometer.
 */
public interface StoreObserver {
  void committed(int batchSize, long nanos);

  void failed(int batchSize, Throwable cause);

  /**
   * One read finished. {@code what} is the read's fixed name ("task list", "terminal view"): a
   * closed set, safe as a metric label.
   */
  default void read(String what, long nanos, boolean failed) {}

  /** The writer lost its connection and is opening a new one (PostgreSQL restarted, network cut). */
  default void reconnecting(Throwable cause) {}

  StoreObserver NONE = new StoreObserver() {
    @Override
    public void committed(int batchSize, long nanos) {}

    @Override
    public void failed(int batchSize, Throwable cause) {}
  };
}
