package io.tillwatch.store;

import io.tillwatch.journal.JournalOverloadedException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the store: the embedded SQLite file (the default) or a shared PostgreSQL.
 *
 * @param dataDir       directory of {@code tillwatch.db} (created when missing; unused with PostgreSQL)
 * @param synchronous   how hard a commit is pushed to disk, see {@link Synchronous}
 * @param queueCapacity pending writes accepted before {@link JournalOverloadedException}
 * @param maxBatch      most writes committed in one transaction
 * @param lingerMs      how long the writer waits for more writes after the first one of a batch;
 *                      0 (default) relies on natural batching: writes pile up while the previous
 *                      commit's fsync runs, so batches grow with load and latency stays minimal
 * @param readPoolSize  SQLite connections for the blocking read methods (WAL lets them read beside the writer)
 * @param postgres      the shared PostgreSQL store, or {@code null} for the SQLite file
 */
public record StoreSettings(
    Path dataDir, Synchronous synchronous, int queueCapacity, int maxBatch, long lingerMs, int readPoolSize,
    PostgresSettings postgres) {

  /**
   * SQLite {@code PRAGMA synchronous} in WAL mode.
   * <ul>
   *   <li>{@code FULL}: the WAL is fsynced at every commit. An acknowledged write survives power
   *       loss and OS crashes. The default, because the ingest acknowledges a message to the terminal
   *       only after its commit.</li>
   *   <li>{@code NORMAL}: the WAL is fsynced only at checkpoints. An acknowledged write survives a
   *       crash of the TillWatch process, but the last commits may be lost on power loss or an OS
   *       crash (the database stays consistent). Much cheaper per commit.</li>
   * </ul>
   */
  public enum Synchronous { FULL, NORMAL }

  public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
  public static final int DEFAULT_MAX_BATCH = 1024;
  public static final int DEFAULT_READ_POOL_SIZE = 4;

  public StoreSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(synchronous, "synchronous");
    if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be >= 1: " + queueCapacity);
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
    if (lingerMs < 0) throw new IllegalArgumentException("lingerMs must be >= 0: " + lingerMs);
    if (readPoolSize < 1) throw new IllegalArgumentException("readPoolSize must be >= 1: " + readPoolSize);
  }

  public static StoreSettings defaults(Path dataDir) {
    return new StoreSettings(dataDir, Synchronous.FULL, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_BATCH, 0,
        DEFAULT_READ_POOL_SIZE, null);
  }

  public StoreSettings withSynchronous(Synchronous mode) {
    return new StoreSettings(dataDir, mode, queueCapacity, maxBatch, lingerMs, readPoolSize, postgres);
  }

  public StoreSettings withQueueCapacity(int capacity) {
    return new StoreSettings(dataDir, synchronous, capacity, maxBatch, lingerMs, readPoolSize, postgres);
  }

  public StoreSettings withMaxBatch(int batch) {
    return new StoreSettings(dataDir, synchronous, queueCapacity, batch, lingerMs, readPoolSize, postgres);
  }

  public StoreSettings withLingerMs(long linger) {
    return new StoreSettings(dataDir, synchronous, queueCapacity, maxBatch, linger, readPoolSize, postgres);
  }

  /** The same settings on a shared PostgreSQL store instead of the SQLite file. */
  public StoreSettings withPostgres(PostgresSettings pg) {
    return new StoreSettings(dataDir, synchronous, queueCapacity, maxBatch, lingerMs, readPoolSize, pg);
  }
}
