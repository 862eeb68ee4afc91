package io.tillwatch.store;

import io.tillwatch.journal.JournalOverloadedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database, committing writes in groups.
 *
 * <p>Design. Callers {@link #submit} a {@link WriteOp}; it joins a bounded queue. The writer thread
 * takes the first pending op, optionally lingers for more, drains whatever else is queued (up to
 * {@code maxBatch}), runs them all in ONE {@code BEGIN IMMEDIATE ... COMMIT} and only then completes
 * their futures. With one fsync per batch, throughput grows with load: while one commit is syncing,
 * the next batch piles up in the queue ("natural batching"; no linger needed).
 *
 * <p>Failure model.
 * <ul>
 *   <li>A batch that lost a race with another instance's writer on a shared PostgreSQL (deadlock,
 *       serialization failure) was rolled back by the server; it is run again from its first op,
 *       a few times, before it counts as failed. Ops are pure functions of the session, so a re-run
 *       decides afresh on what is committed now.</li>
 *   <li>A lost connection (PostgreSQL restarted, network cut) fails the batch as a whole: nothing
 *       of it was committed, so nothing of it is acknowledged, and the terminals send it again.
 *       When it broke while COMMIT was on its way, the client cannot know whether the server
 *       committed (a fast shutdown commits, then ends the session unanswered): the writer then
 *       reconnects and asks the server about the transaction id it took at BEGIN, and completes the
 *       batch as committed if it was.
 *       Before the next batch the writer opens a new connection, waiting a growing pause between
 *       attempts; {@link #healthy()} is false until a batch commits again, or until the idle probe
 *       (below) has committed a small transaction of its own.</li>
 *   <li>An op throwing an unchecked exception (a domain rejection) is rolled back to its savepoint
 *       and fails alone; the rest of the batch commits. ({@link #submitUnguarded} ops skip the
 *       savepoint; any exception of theirs fails the batch.)</li>
 *   <li>A {@link SQLException} (disk full, I/O error), from an op or from COMMIT, rolls back the whole
 *       batch and fails every one of its futures with that exception. The thread lives on;
 *       {@link #healthy()} is false until a later batch commits.</li>
 *   <li>A full queue fails the submit at once with {@link JournalOverloadedException}: the caller
 *       must not acknowledge what it could not store.</li>
 * </ul>
 *
 * <p>Idle probe (PostgreSQL only). A writer that waits for work would otherwise learn of a lost
 * server only from the next batch, and a writer that lost it would stay unhealthy (not ready) until
 * traffic came back, which a load balancer that follows readiness does not send. So when no write
 * arrives for {@link #PROBE_EVERY_MS}, the writer thread checks the store itself: while healthy, that
 * its connection still answers; while unhealthy, it reconnects if needed and commits a transaction
 * that takes a transaction id (which a read-only standby refuses): only once that commit went through
 * is the writer healthy again. A failure that only a real write shows (the server's disk full) makes
 * the next batch fail and the writer unhealthy again. SQLite is not probed: a file connection is not
 * lost, and a probe cannot tell that a full disk has room again; the next batch does.
 *
 * <p>Threading. Futures complete ON THE WRITER THREAD. Dependent stages attached without an executor
 * run there too and stall every other write while they run: callers hop to their own thread or
 * event loop (e.g. {@code whenCompleteAsync(..., executor)} or Vert.x {@code runOnContext}).
 *
 * <p>Shutdown. {@link #close()} stops accepting, lets the thread finish and commit everything already
 * accepted, completes those futures, then closes the connection: an accepted write is never dropped.
 */
public final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final long CLOSE_WAIT_MS = 60_000;

  /** A submitted op and its future; completed only by the writer thread (or by submit on rejection). */
  private static final class Pending<T> {
    final WriteOp<T> op;
    final boolean guarded;
    final CompletableFuture<T> future = new CompletableFuture<>();
    final long submittedNanos = System.nanoTime();
    T result;
    RuntimeException rejected;

    Pending(WriteOp<T> op, boolean guarded) {
      this.op = op;
      this.guarded = guarded;
    }

    void run(WriteSession session) throws SQLException {
      rejected = null;
      result = op.apply(session);
    }

    void complete() {
      if (rejected != null) {
        future.completeExceptionally(rejected);
      } else {
        future.complete(result);
      }
    }
  }

  private static final Pending<Void> STOP = new Pending<>(s -> null, false);

  private static final int CONFLICT_ATTEMPTS = 5;
  private static final long RECONNECT_PAUSE_MIN_MS = 100;
  /** At most one connection attempt a second: cheap for the server, and readiness returns within about a second. */
  private static final long RECONNECT_PAUSE_MAX_MS = 1_000;
  /** Idle this long, the writer checks its connection (PostgreSQL). */
  static final long PROBE_EVERY_MS = 1_000;
  private static final int PROBE_TIMEOUT_SECONDS = 2;
  /** How long a batch whose COMMIT was cut off waits to learn whether it committed. */
  private static final long IN_DOUBT_WAIT_MS = 10_000;

  private final Dialect dialect;
  private final ConnectionSource source;
  private final WriteSession session;
  /** Null while the connection is lost; only the writer thread touches it after construction. */
  private Connection connection;
  private long reconnectPauseMs = RECONNECT_PAUSE_MIN_MS;
  private long failedReconnects;
  private long failedProbes;
  private final ArrayBlockingQueue<Pending<?>> queue;
  private final int capacity;
  private final int maxBatch;
  private final long lingerNanos;
  private final StoreObserver observer;
  private final Thread thread;
  private final List<Pending<?>> batch;
  private volatile boolean closed;
  private volatile boolean healthy = true;
  /** False from a lost connection until a new one is open. */
  private volatile boolean reachable = true;
  /** Submit time of the oldest write of the batch being committed; 0 between batches. */
  private volatile long runningSinceNanos;

  /** A writer on SQLite with one connection for its whole life (tests and benchmarks). */
  public GroupCommitWriter(Connection connection, int capacity, int maxBatch, long lingerMs, StoreObserver observer)
      throws SQLException {
    this(Dialect.SQLITE, () -> connection, capacity, maxBatch, lingerMs, observer);
  }

  GroupCommitWriter(Dialect dialect, ConnectionSource source, int capacity, int maxBatch, long lingerMs,
      StoreObserver observer) throws SQLException {
    this.dialect = dialect;
    this.source = source;
    this.connection = source.open();
    this.session = new WriteSession(dialect, connection);
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
    this.observer = observer == null ? StoreObserver.NONE : observer;
    this.queue = new ArrayBlockingQueue<>(capacity + 1); // +1: room for the STOP marker
    this.batch = new ArrayList<>(Math.min(maxBatch, 4096));
    // Transactions are issued explicitly (BEGIN / COMMIT) on an autocommit connection, so the
    // driver never opens one behind our back.
    connection.setAutoCommit(true);
    this.thread = new Thread(this::loop, "tillwatch-store-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a write. The future completes on the writer thread after the commit that holds it, or
   * fails: at once with {@link JournalOverloadedException} when the queue is full, or
   * {@link StoreException} when the writer is closed.
   */
  public <T> CompletableFuture<T> submit(WriteOp<T> op) {
    return enqueue(new Pending<>(op, true));
  }

  /**
   * Like {@link #submit} but without the per-op savepoint, for the hot path: ops that cannot reject
   * and write with one statement (SQLite makes a single statement atomic), such as a journal append.
   * The savepoint costs about as much as the INSERT itself. Because nothing can undo such an op
   * alone, ANY exception it throws fails the whole batch like a SQLException.
   */
  public <T> CompletableFuture<T> submitUnguarded(WriteOp<T> op) {
    return enqueue(new Pending<>(op, false));
  }

  private <T> CompletableFuture<T> enqueue(Pending<T> p) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreException("store is closed"));
    }
    // The STOP slot is reserved: accept at most `capacity` ops.
    if (queue.size() >= capacity || !queue.offer(p)) {
      return CompletableFuture.failedFuture(new JournalOverloadedException(capacity));
    }
    // Raced with close(): if close() came first the op sits behind STOP and would never run; take it
    // back. If remove() fails, the writer already took it and will run it.
    if (closed && queue.remove(p)) {
      p.future.completeExceptionally(new StoreException("store is closed"));
    }
    return p.future;
  }

  /** Ops waiting in the queue, not counting the batch being committed (during close, +1 for the stop marker). */
  public int queueDepth() {
    return queue.size();
  }

  public int capacity() {
    return capacity;
  }

  /**
   * How long the oldest accepted, not yet committed (and completed) write has been waiting, in
   * nanoseconds; 0 when none is. Writes are committed in submission order, so this is the age of
   * the running batch's first write or else of the queue's head.
   */
  public long oldestUncommittedAgeNanos() {
    long since = runningSinceNanos;
    if (since == 0) {
      Pending<?> head = queue.peek();
      since = head == null || head == STOP ? 0 : head.submittedNanos;
    }
    return since == 0 ? 0 : Math.max(0, System.nanoTime() - since);
  }

  /**
   * False after a failed commit until a later commit succeeds (on PostgreSQL also the idle probe's),
   * and once the writer has stopped.
   */
  public boolean healthy() {
    return healthy && thread.isAlive();
  }

  /**
   * False while the writer has no connection to the store: from a lost connection (seen by a batch
   * or by the idle probe) until a new one is open. Always true on SQLite.
   */
  public boolean reachable() {
    return reachable && thread.isAlive();
  }

  boolean isWriterThread() {
    return Thread.currentThread() == thread;
  }

  private void loop() {
    boolean stopping = false;
    while (!stopping) {
      try {
        Pending<?> first = dialect == Dialect.POSTGRES ? queue.poll(PROBE_EVERY_MS, TimeUnit.MILLISECONDS)
            : queue.take();
        if (first == null) {
          probe();
          continue;
        }
        batch.add(first);
        if (lingerNanos > 0 && first != STOP) {
          linger();
        }
        queue.drainTo(batch, maxBatch - batch.size());
        // Ops drained from behind STOP were accepted before their submitters saw `closed`... or not:
        // either way the writer now owns them, so it runs them (their submitters' remove() fails).
        stopping = batch.remove(STOP);
        if (!batch.isEmpty()) {
          runningSinceNanos = batch.get(0).submittedNanos;
          runBatch(); // completes the futures too: their callbacks see the write as committed
        }
      } catch (InterruptedException e) {
        // Nobody interrupts this thread on purpose; keep serving until close() sends STOP.
        log.warn("store writer interrupted; ignoring");
      } catch (Throwable t) {
        // runBatch handles failures itself; this is a last resort so the thread never dies silently.
        log.error("store writer: unexpected failure", t);
        failAll(t);
      } finally {
        runningSinceNanos = 0;
        batch.clear();
      }
    }
    session.closeStatements();
    closeConnection();
    log.debug("store writer stopped");
  }

  private void linger() throws InterruptedException {
    long deadline = System.nanoTime() + lingerNanos;
    while (batch.size() < maxBatch) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending<?> next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      if (next == STOP) {
        return;
      }
    }
  }

  private void runBatch() {
    long start = System.nanoTime();
    if (connection == null && !reconnect(true)) {
      StoreException down = new StoreException("the store is unreachable; nothing of this batch was written");
      notifyFailed(batch.size(), down);
      failAll(down);
      return;
    }
    for (int attempt = 1; ; attempt++) {
      long xid = 0;
      boolean committing = false;
      try {
        if (dialect == Dialect.POSTGRES) {
          xid = beginTakingTransactionId(); // to ask for the outcome if the connection breaks during COMMIT
        } else {
          session.prepare(dialect.begin()).executeUpdate();
        }
        for (Pending<?> p : batch) {
          runOne(p);
        }
        committing = true;
        session.prepare("COMMIT").executeUpdate();
        break;
      } catch (SQLException | RuntimeException | Error e) {
        // The driver can leave a statement that failed unusable ("statement is not executing"):
        // drop the whole cache, it is re-prepared lazily. Failures are rare; this is cheap.
        session.closeStatements();
        rollbackQuietly();
        if (e instanceof SQLException sql && dialect.isRetryableConflict(sql) && attempt < CONFLICT_ATTEMPTS) {
          log.debug("group commit of {} writes lost a race with another writer ({}); running it again",
              batch.size(), sql.getSQLState());
          continue;
        }
        healthy = false;
        if (e instanceof SQLException sql && (dialect.isConnectionLost(sql) || !connectionValid())) {
          dropConnection(e);
          Boolean committed = committing ? committedAfterAll(xid) : Boolean.FALSE;
          if (Boolean.TRUE.equals(committed)) {
            log.warn("group commit of {} writes: the connection to the store was lost during COMMIT, and the "
                + "store says the transaction committed; acknowledging them", batch.size());
            break;
          }
          log.error("group commit of {} writes failed: the connection to the store was lost ({}); {}", batch.size(),
              e.getMessage(), committed == null ? "whether it committed is unknown: none is acknowledged, and if it did, "
                  + "the terminals' repeats are dropped" : "none of them was committed");
        } else {
          log.error("group commit of {} writes failed; all rolled back", batch.size(), e);
        }
        notifyFailed(batch.size(), e);
        failAll(e);
        return;
      }
    }
    long nanos = System.nanoTime() - start;
    healthy = true;
    failedProbes = 0;
    try {
      observer.committed(batch.size(), nanos);
    } catch (RuntimeException e) {
      log.warn("commit observer failed", e);
    }
    for (Pending<?> p : batch) {
      p.complete();
    }
  }

  /** Opens the batch's transaction and returns its id, which makes its outcome askable after a cut-off COMMIT. */
  private long beginTakingTransactionId() throws SQLException {
    // Both statements in one string go to the server in one exchange: the id costs no round trip
    // of its own (measured: a separate SELECT took the journal from 0.83 to 0.68 of the multi-row
    // INSERT peer at ~11 rows a commit).
    var ps = session.prepare("BEGIN; SELECT txid_current()");
    if (!ps.execute() && !ps.getMoreResults()) {
      throw new SQLException("BEGIN; SELECT txid_current() gave no transaction id");
    }
    try (var rs = ps.getResultSet()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The connection broke while COMMIT was on its way: the server may have committed or not (a fast
   * shutdown commits, then ends the session before answering). Reconnects and asks the server
   * ({@code txid_status}) for up to {@link #IN_DOUBT_WAIT_MS}, so that a committed batch is
   * acknowledged rather than sent again. False when it did not commit; null when the server could not
   * be asked in time. Either way the batch fails; if it had committed after all, what the terminals
   * send again is stored twice, and the engine and the journal's replay drop the repeats.
   */
  private Boolean committedAfterAll(long xid) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_DOUBT_WAIT_MS);
    while (System.nanoTime() < deadline) {
      if (connection == null && !reconnect(true)) {
        continue;
      }
      try {
        var ps = session.prepare("SELECT txid_status(?)");
        ps.setLong(1, xid);
        String status;
        try (var rs = ps.executeQuery()) {
          status = rs.next() ? rs.getString(1) : null;
        }
        if (!"in progress".equals(status)) {
          return status == null ? null : "committed".equals(status); // null: a transaction id too old to tell
        }
        Thread.sleep(RECONNECT_PAUSE_MIN_MS); // the old session is still finishing; ask again shortly
      } catch (InterruptedException e) {
        log.warn("store writer interrupted while asking whether a batch committed; asking again");
      } catch (SQLException e) {
        session.closeStatements();
        if (dialect.isConnectionLost(e) || !connectionValid()) {
          dropConnection(e);
        } else {
          log.warn("cannot ask the store whether a transaction committed: {}", e.getMessage());
          return null;
        }
      }
    }
    log.error("the store could not be asked within {} ms whether the last batch committed", IN_DOUBT_WAIT_MS);
    return null;
  }

  /** Asked after a failure whose SQLState does not say: is the connection still there? */
  private boolean connectionValid() {
    if (dialect == Dialect.SQLITE) {
      return true; // a file connection does not go away; its failures are the disk's
    }
    try {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Forgets a connection that is gone; the next batch (or the idle probe) opens a new one. */
  private void dropConnection(Throwable cause) {
    closeConnection();
    connection = null;
    reachable = false;
    try {
      observer.reconnecting(cause);
    } catch (RuntimeException e) {
      log.warn("store observer failed", e);
    }
  }

  /**
   * Opens a new connection. Before a batch, after a pause that doubles with each failed attempt (so
   * a down server is asked a few times a second at first, then once a second, never in a tight
   * loop); the idle probe has already waited its second and tries at once.
   */
  private boolean reconnect(boolean pause) {
    if (pause) {
      try {
        Thread.sleep(reconnectPauseMs);
      } catch (InterruptedException e) {
        log.warn("store writer interrupted while waiting to reconnect; trying now");
      }
    }
    try {
      Connection fresh = source.open();
      fresh.setAutoCommit(true);
      connection = fresh;
      session.replaceConnection(fresh);
      reconnectPauseMs = RECONNECT_PAUSE_MIN_MS;
      failedReconnects = 0;
      reachable = true;
      log.info("store writer connected again");
      return true;
    } catch (SQLException | RuntimeException e) {
      reconnectPauseMs = Math.min(RECONNECT_PAUSE_MAX_MS, reconnectPauseMs * 2);
      // Attempts come about once a second while the server is down: say so at the first and then
      // about every half minute, not every second.
      if (failedReconnects++ % 30 == 0) {
        log.warn("store writer cannot reconnect yet ({} attempts): {}", failedReconnects, e.getMessage());
      }
      return false;
    }
  }

  private void closeConnection() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing the write connection failed: {}", e.getMessage());
    }
  }

  /**
   * The idle check (PostgreSQL; see the class note). Healthy: does the connection still answer?
   * Unhealthy: reconnect when needed, then commit a transaction that takes a transaction id; its
   * success is what makes the writer healthy (and the daemon ready) again without traffic.
   */
  private void probe() {
    if (connection == null && !reconnect(false)) {
      return;
    }
    try {
      if (healthy) {
        if (!connection.isValid(PROBE_TIMEOUT_SECONDS)) {
          throw new SQLException("no answer to a connection check within " + PROBE_TIMEOUT_SECONDS + " s", "08006");
        }
        return;
      }
      session.prepare(dialect.begin()).executeUpdate();
      try (var rs = session.prepare("SELECT txid_current()").executeQuery()) {
        rs.next();
      }
      session.prepare("COMMIT").executeUpdate();
      healthy = true;
      failedProbes = 0;
      log.info("store writer can commit again");
    } catch (SQLException e) {
      session.closeStatements();
      rollbackQuietly();
      if (dialect.isConnectionLost(e) || !connectionValid()) {
        if (healthy) {
          log.error("the connection to the store was lost while idle ({}); not ready until it is back", e.getMessage());
        }
        healthy = false;
        dropConnection(e);
      } else {
        healthy = false;
        // A standby after a failover refuses every second alike: say it at first, then every half minute.
        if (failedProbes++ % 30 == 0) {
          log.warn("store writer cannot commit yet ({} checks): {}", failedProbes, e.getMessage());
        }
      }
    }
  }

  /**
   * Runs one op inside a savepoint. A domain rejection rolls back to it, so whatever the op wrote
   * before throwing is undone and the rest of the batch is unaffected.
   */
  private void runOne(Pending<?> p) throws SQLException {
    if (!p.guarded) {
      p.run(session); // any exception escapes and fails the batch
      return;
    }
    session.prepare("SAVEPOINT op").executeUpdate();
    try {
      p.run(session);
    } catch (RuntimeException rejected) {
      session.prepare("ROLLBACK TO op").executeUpdate();
      p.rejected = rejected;
    }
    session.prepare("RELEASE op").executeUpdate();
  }

  private void rollbackQuietly() {
    if (connection == null) {
      return;
    }
    try {
      session.prepare("ROLLBACK").executeUpdate();
    } catch (SQLException e) {
      // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL): "no transaction is active".
      log.debug("rollback after failed batch: {}", e.getMessage());
    }
  }

  private void notifyFailed(int size, Throwable cause) {
    try {
      observer.failed(size, cause);
    } catch (RuntimeException e) {
      log.warn("commit observer failed", e);
    }
  }

  private void failAll(Throwable cause) {
    for (Pending<?> p : batch) {
      p.future.completeExceptionally(cause);
    }
  }

  /**
   * Stops accepting writes, waits until every accepted write is committed and its future completed,
   * then closes the connection. Must not be called from the writer thread (a future's callback).
   */
  @Override
  public void close() {
    if (isWriterThread()) {
      throw new IllegalStateException("close() called on the writer thread; it would wait for itself");
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      // The +1 slot almost always has room; a racing submit can take it, then we wait for the writer.
      while (!queue.offer(STOP, 100, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          break;
        }
      }
      thread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.error("store writer did not finish within {} ms; pending writes may be lost", CLOSE_WAIT_MS);
    }
  }
}
