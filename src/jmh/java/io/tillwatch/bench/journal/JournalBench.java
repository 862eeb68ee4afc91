package io.tillwatch.bench.journal;

import io.tillwatch.journal.EventJournal;
import io.tillwatch.store.BenchStore;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What it measures: the time to durably append one batch of {@code batch} transaction events.
 * {@code tillwatchJournal}: {@code EventJournal.append} from the caller's thread for each row, then
 * waiting for every future: the real path (bounded queue, writer thread, BEGIN IMMEDIATE, cached
 * INSERT, COMMIT with the configured fsync, futures completed on the writer). Peer
 * {@code bareJdbc}: one thread, the same connection PRAGMAs ({@code SqliteDatabase.openWriter}), the
 * same INSERT and binding ({@code EventRows}), {@code addBatch}/{@code executeBatch} inside
 * BEGIN IMMEDIATE ... COMMIT. {@code tillwatchJournalPipelined} is the same append path with two
 * batches in flight (submit batch k+1, then wait for batch k), as under load, where the ingest keeps
 * appending while a commit syncs: it shows what group commit buys over a lone caller that must
 * wait for each commit before it can fill the next (the bare loop cannot overlap at all).
 *
 * <p>Why it is fair: same schema (both files are created by the store's own migrations), same
 * rows in the same order, same synchronous level, and the same rows per transaction: the store is
 * opened with {@code maxBatch = batch} and a long linger, so the writer commits exactly when the
 * batch is full (the observer checks that every commit held exactly {@code batch} rows). Temp files
 * live on the project's disk; both databases grow alike over a run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class JournalBench {
  @Param({"FULL", "NORMAL"})
  public StoreSettings.Synchronous sync;

  @Param({"256"})
  public int batch;

  private TxnEvent[] rows;
  private int cursor;
  private long receivedAt = 1_796_004_000_000L;
  private Path dir;

  private SqlStore store;
  private EventJournal journal;
  private CompletableFuture<?>[] futures;
  private CompletableFuture<?>[] inFlight;
  private long commits;
  private long committedRows;
  private long oddCommits;

  private Connection bare;
  private PreparedStatement begin;
  private PreparedStatement insert;
  private PreparedStatement commit;

  @Setup(Level.Trial)
  public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
    rows = JournalRows.events();
    dir = JournalRows.tempDir();
    StoreSettings settings = StoreSettings.defaults(dir).withSynchronous(sync).withMaxBatch(batch).withLingerMs(10_000);
    store = SqlStore.open(settings, new StoreObserver() {
      @Override
      public void committed(int batchSize, long nanos) {
        commits++; // writer thread only; read after close()
        committedRows += batchSize;
        if (batchSize != batch) {
          oddCommits++;
        }
      }

      @Override
      public void failed(int batchSize, Throwable cause) {
        throw new IllegalStateException("commit failed", cause);
      }
    });
    if (params.getBenchmark().endsWith("bareJdbc")) {
      store.close(); // the schema is in place; from here on a bare connection writes
      store = null;
      bare = BenchStore.openWriter(dir, sync);
      begin = bare.prepareStatement("BEGIN IMMEDIATE");
      insert = bare.prepareStatement(BenchStore.INSERT_EVENT);
      commit = bare.prepareStatement("COMMIT");
    } else {
      journal = store.journal();
      futures = new CompletableFuture<?>[batch];
      inFlight = new CompletableFuture<?>[batch];
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (store != null) {
      store.close();
      System.out.printf("%n[journal: %d commits, %d rows, %d commits not of %d rows]%n", commits, committedRows, oddCommits, batch);
      if (oddCommits > 0) {
        throw new IllegalStateException(oddCommits + " commits were not of " + batch + " rows: unfair comparison");
      }
    }
    if (bare != null) {
      bare.close();
    }
    JournalRows.delete(dir);
  }

  private TxnEvent nextRow() {
    return rows[cursor++ & (JournalRows.POOL - 1)];
  }

  @Benchmark
  public Object tillwatchJournal() {
    for (int i = 0; i < batch; i++) {
      futures[i] = journal.append(nextRow(), ++receivedAt);
    }
    for (CompletableFuture<?> f : futures) {
      f.join();
    }
    return futures[batch - 1];
  }

  @Benchmark
  public Object tillwatchJournalPipelined() {
    CompletableFuture<?>[] mine = futures;
    for (int i = 0; i < batch; i++) {
      mine[i] = journal.append(nextRow(), ++receivedAt);
    }
    CompletableFuture<?>[] previous = inFlight;
    if (previous[0] != null) {
      for (CompletableFuture<?> f : previous) {
        f.join();
      }
    }
    futures = previous;
    inFlight = mine;
    return mine[batch - 1];
  }

  @Benchmark
  public int[] bareJdbc() throws Exception {
    begin.executeUpdate();
    for (int i = 0; i < batch; i++) {
      BenchStore.bindEvent(insert, nextRow(), ++receivedAt);
      insert.addBatch();
    }
    int[] counts = insert.executeBatch();
    commit.executeUpdate();
    return counts;
  }
}
