package io.tillwatch.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.tasks.SaleTimeline;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store facade: opens the database (the SQLite file {@code <dataDir>/tillwatch.db}, or the
 * shared PostgreSQL of {@link StoreSettings#postgres()}), migrates the schema, starts the writer and
 * hands out every port the store implements. {@link #close()} drains the writer first (every
 * accepted write is committed and its future completed), then closes the readers.
 */
public final class SqlStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqlStore.class);

  private final String where;
  private final PostgresSettings postgres;
  private final Dialect dialect;
  private final String instanceId;
  private final int schemaVersion;
  private final GroupCommitWriter writer;
  private final ReadPool reads;
  private final SqlEventJournal journal;
  private final SqlTaskRepository tasks;
  private final SqlCredentialStore credentials;
  private final SqlCheckStore checks;
  private final SqlCommandStore commands;
  private final SqlReconcileStore reconcile;

  private SqlStore(String where, PostgresSettings postgres, String instanceId, int schemaVersion, GroupCommitWriter writer,
      ReadPool reads, int pruneChunk) {
    this.where = where;
    this.postgres = postgres;
    this.dialect = reads.dialect();
    this.instanceId = instanceId;
    this.schemaVersion = schemaVersion;
    this.writer = writer;
    this.reads = reads;
    this.journal = new SqlEventJournal(writer, reads, pruneChunk);
    this.tasks = new SqlTaskRepository(writer, reads);
    this.credentials = new SqlCredentialStore(writer, reads);
    this.checks = new SqlCheckStore(writer, reads);
    this.commands = new SqlCommandStore(writer, reads);
    this.reconcile = new SqlReconcileStore(writer, reads);
  }

  public static SqlStore open(StoreSettings settings, StoreObserver observer) {
    return open(settings, observer, null);
  }

  /** As {@link #open(StoreSettings, StoreObserver)}, reporting PostgreSQL's read pool to {@code registry}. */
  public static SqlStore open(StoreSettings settings, StoreObserver observer, MeterRegistry registry) {
    Dialect dialect = settings.postgres() == null ? Dialect.SQLITE : Dialect.POSTGRES;
    return open(settings, observer, registry, Migration.of(dialect), SqlEventJournal.DEFAULT_PRUNE_CHUNK);
  }

  /** Package-private seam for tests: other migration lists, small prune chunks. */
  static SqlStore open(StoreSettings settings, StoreObserver observer, List<Migration> migrations, int pruneChunk) {
    return open(settings, observer, null, migrations, pruneChunk);
  }

  private static SqlStore open(StoreSettings settings, StoreObserver observer, MeterRegistry registry,
      List<Migration> migrations, int pruneChunk) {
    PostgresSettings pg = settings.postgres();
    String instanceId = StoreInstance.newId();
    String where = pg == null ? SqliteDatabase.prepare(settings.dataDir()).toString() : pg.url();
    Dialect dialect = pg == null ? Dialect.SQLITE : Dialect.POSTGRES;
    ConnectionSource source = pg == null
        ? () -> SqliteDatabase.openWriter(SqliteDatabase.file(settings.dataDir()), settings.synchronous())
        : () -> PostgresDatabase.openWriter(pg, instanceId);
    Connection w = null;
    ReadPool reads = null;
    try {
      w = pg == null ? source.open() : StartupWait.open(source, pg.connectWait(), pg.url());
      int version = SchemaMigrator.migrate(w, dialect, migrations, System.currentTimeMillis());
      reads = pg == null ? new SqliteReadPool(SqliteDatabase.file(settings.dataDir()), settings.readPoolSize(), observer)
          : new PostgresReadPool(pg, instanceId, observer, registry);
      Connection first = w;
      GroupCommitWriter writer = new GroupCommitWriter(dialect, new ConnectionSource() {
        private boolean used;

        @Override
        public Connection open() throws SQLException {
          if (!used) {
            used = true;
            return first; // the migrated connection serves the writer until it is lost
          }
          return source.open();
        }
      }, settings.queueCapacity(), settings.maxBatch(), settings.lingerMs(), observer);
      log.info("store open: {} (schema V{}, {}, maxBatch={}, queue={})", where, version,
          pg == null ? "synchronous=" + settings.synchronous() : "synchronous_commit=on, pool=" + pg.poolSize(),
          settings.maxBatch(), settings.queueCapacity());
      return new SqlStore(where, pg, instanceId, version, writer, reads, pruneChunk);
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
      throw new StoreException("cannot open store " + where + ": " + e.getMessage(), e);
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

  /** Which database this store is on. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * This process's name on the shared store ({@code application_name = tillwatch/<id>}): task-change
   * notifications carry it, so an instance can tell its own changes from another's.
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Starts telling {@code onChange} of the task changes other instances commit on this shared store
   * ({@link TaskChangeFeed}); empty on SQLite, whose file one process owns. Once this returns, no
   * change committed later is missed, so read the task list after it. Close the feed before the store.
   */
  public Optional<TaskChangeFeed> watchTaskChanges(Consumer<TaskChange> onChange) {
    return postgres == null ? Optional.empty() : Optional.of(TaskChangeFeed.start(postgres, instanceId, onChange));
  }

  /** The SQLite file or the PostgreSQL URL, for logs and messages. */
  public String where() {
    return where;
  }

  @Override
  public void close() {
    writer.close();
    reads.close();
    log.info("store closed: {}", where);
  }
}
