package io.tillwatch.store;

import io.tillwatch.journal.EventJournal;
import io.tillwatch.tasks.SaleTimeline;
import io.tillwatch.tasks.TaskRepository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store facade: opens {@code <dataDir>/tillwatch.db}, migrates the schema, starts the writer and
 * hands out the {@link EventJournal}, {@link TaskRepository} and {@link SaleTimeline}.
 * {@link #close()} drains the writer first (every accepted write is committed and its future
 * completed), then closes the readers.
 */
public final class SqliteStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

  private final Path file;
  private final int schemaVersion;
  private final GroupCommitWriter writer;
  private final ReadPool reads;
  private final SqliteEventJournal journal;
  private final SqliteTaskRepository tasks;
  private final SqliteCredentialStore credentials;
  private final SqliteCheckStore checks;
  private final SqliteCommandStore commands;
  private final SqliteReconcileStore reconcile;

  private SqliteStore(Path file, int schemaVersion, GroupCommitWriter writer, ReadPool reads, int pruneChunk) {
    this.file = file;
    this.schemaVersion = schemaVersion;
    this.writer = writer;
    this.reads = reads;
    this.journal = new SqliteEventJournal(writer, reads, pruneChunk);
    this.tasks = new SqliteTaskRepository(writer, reads);
    this.credentials = new SqliteCredentialStore(writer, reads);
    this.checks = new SqliteCheckStore(writer, reads);
    this.commands = new SqliteCommandStore(writer, reads);
    this.reconcile = new SqliteReconcileStore(writer, reads);
  }

  public static SqliteStore open(StoreSettings settings, CommitObserver observer) {
    return open(settings, observer, Migration.ALL, SqliteEventJournal.DEFAULT_PRUNE_CHUNK);
  }

  /** Package-private seam for tests: other migration lists, small prune chunks. */
  static SqliteStore open(StoreSettings settings, CommitObserver observer, List<Migration> migrations, int pruneChunk) {
    Path file = SqliteDatabase.prepare(settings.dataDir());
    Connection w = null;
    ReadPool reads = null;
    try {
      w = SqliteDatabase.openWriter(file, settings.synchronous());
      int version = SchemaMigrator.migrate(w, migrations, System.currentTimeMillis());
      reads = new ReadPool(file, settings.readPoolSize());
      GroupCommitWriter writer = new GroupCommitWriter(w, settings.queueCapacity(), settings.maxBatch(),
          settings.lingerMs(), observer);
      log.info("store open: {} (schema V{}, synchronous={}, maxBatch={}, queue={})", file, version,
          settings.synchronous(), settings.maxBatch(), settings.queueCapacity());
      return new SqliteStore(file, version, writer, reads, pruneChunk);
    } catch (SQLException | RuntimeException e) {
      if (reads != null) {
        reads.close();
      }
      if (w != null) {
        try {
          w.close();
        } catch (SQLException ignored) {
          // already failing
        }
      }
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open store " + file + ": " + e.getMessage(), e);
    }
  }

  public EventJournal journal() {
    return journal;
  }

  public TaskRepository tasks() {
    return tasks;
  }

  /** The journal's events of one sale, as the task service shows them. */
  public SaleTimeline saleTimeline() {
    return journal;
  }

  public io.tillwatch.auth.CredentialStore credentials() {
    return credentials;
  }

  /** Money tasks waiting for their next back-office look-up. */
  public io.tillwatch.backoffice.CheckStore checks() {
    return checks;
  }

  /** The outbox of terminal commands. */
  public io.tillwatch.commands.CommandStore commands() {
    return commands;
  }

  /** Settlement bill imports, and the sales and tasks they are matched against. */
  public io.tillwatch.reconcile.ReconcileStore reconcile() {
    return reconcile;
  }

  /** The writer, for submitting custom ops and for queue depth / health metrics. */
  public GroupCommitWriter writer() {
    return writer;
  }

  public boolean healthy() {
    return writer.healthy();
  }

  public int queueDepth() {
    return writer.queueDepth();
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    writer.close();
    reads.close();
    log.info("store closed: {}", file);
  }
}
