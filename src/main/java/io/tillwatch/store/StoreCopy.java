package io.tillwatch.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies one instance's SQLite store into the shared PostgreSQL store: tasks with their history,
 * credentials, terminals, back-office checks, terminal commands, settlement bill imports with their
 * lines, and the whole journal (every event the source still keeps).
 *
 * <p>Design. The target is first opened with {@link SqlStore}, which migrates it, and both schema
 * versions must be the one this code knows. Each table is then read in its key order in chunks;
 * each chunk is written in one target transaction together with the table's row in
 * {@code store_copy_progress} (keyed by the source's identity and the table), so a copy killed at
 * any point resumes exactly after the last committed chunk, and nothing is written twice:
 * <ul>
 *   <li>Append-only tables (events, task history, bill imports) get new ids on the target, whose
 *       ids may already belong to other instances' rows; the progress row's last source id is what
 *       keeps them from being copied twice, also by a later run, which copies only rows added
 *       since.</li>
 *   <li>Tables with a natural key are upserted on it, and a target row is replaced only by a later
 *       state of the same thing (a higher task revision, a later rotation...): a second run brings
 *       the target up to date with the source, and never rolls back what is newer there.</li>
 *   <li>A task whose finding another instance already holds under another id stays out (the
 *       target's task is the one), and so do its history and its check.</li>
 * </ul>
 * The source is read in one read transaction, a consistent snapshot, and never written. A
 * session-level advisory lock per source keeps two copies of the same source from running at once.
 * Rows deleted on the source after an earlier copy (pruned events, finished checks) are not deleted
 * on the target.
 */
public final class StoreCopy {
  /** Rows read and written per target transaction. */
  public static final int DEFAULT_CHUNK = 1_000;

  /** Separates the values of a composite key in {@code last_key}; no key column can hold it. */
  private static final String KEY_SEPARATOR = "\u001f";

  /** What one table's copy did: rows read from the source, and of those written to the target. */
  public record TableCount(String table, long read, long written) {
    /** Rows already on the target (the same or a later state), or left out (see the class note). */
    public long unchanged() {
      return read - written;
    }
  }

  /** The copy's outcome: the source's identity on the target, the schema version, one count per table. */
  public record Result(String source, int schemaVersion, List<TableCount> tables) {
    public TableCount table(String name) {
      return tables.stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }
  }

  /** Told of the copy's progress, for an operator watching a long copy. */
  public interface Listener {
    /** A table is finished. */
    void tableDone(TableCount count);

    /** A chunk of {@code soFar.table()} is committed; {@code soFar} counts the table's rows up to it. */
    default void chunkDone(TableCount soFar) { }
  }

  /** Test seam: runs inside each chunk's transaction, just before its commit. */
  interface ChunkHook {
    ChunkHook NONE = (table, chunk) -> { };

    void beforeCommit(String table, int chunk) throws SQLException;
  }

  private final Connection source;
  private final Connection target;
  private final String sourceId;
  private final int chunk;
  private final ChunkHook hook;
  private final Listener listener;

  private StoreCopy(Connection source, Connection target, String sourceId, int chunk, ChunkHook hook, Listener listener) {
    this.source = source;
    this.target = target;
    this.sourceId = sourceId;
    this.chunk = chunk;
    this.hook = hook;
    this.listener = listener;
  }

  /** The SQLite file of {@code path}: the file itself, or {@code tillwatch.db} when it is a data directory. */
  public static Path sourceFile(Path path) {
    return Files.isDirectory(path) ? SqliteDatabase.file(path) : path;
  }

  /**
   * Copies {@code sqliteFile} into the database of {@code target}, telling {@code listener} of each
   * chunk and table. Throws {@link StoreException} with an operator's explanation when the source
   * is not a TillWatch store of this release's schema, or the target cannot be reached or migrated.
   */
  public static Result run(Path sqliteFile, PostgresSettings target, int chunk, Listener listener) {
    return run(sqliteFile, target, chunk, listener, ChunkHook.NONE);
  }

  static Result run(Path sqliteFile, PostgresSettings target, int chunk, Listener listener, ChunkHook hook) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1: " + chunk);
    }
    if (!Files.isRegularFile(sqliteFile)) {
      throw new StoreException("no SQLite store at " + sqliteFile + " (give the file tillwatch.db or its data.dir)");
    }
    try (Connection src = SqliteDatabase.openReader(sqliteFile)) {
      int version = sourceVersion(src, sqliteFile);
      String sourceId = sourceId(src);
      String instance;
      int targetVersion;
      Path scratch = sqliteFile.toAbsolutePath().getParent();
      try (SqlStore store = SqlStore.open(StoreSettings.defaults(scratch).withPostgres(target), StoreObserver.NONE)) {
        instance = store.instanceId();
        targetVersion = store.schemaVersion();
      }
      if (targetVersion != version) {
        throw new StoreException("the source's schema is V" + version + " but the target's is V" + targetVersion
            + ": both must be the same version");
      }
      try (Connection dst = PostgresDatabase.openWriter(target, instance)) {
        StoreCopyProgress.prepare(dst, sourceId);
        dst.setAutoCommit(false);
        src.setAutoCommit(false); // one read transaction: every table from the same snapshot
        StoreCopy copy = new StoreCopy(src, dst, sourceId, chunk, hook, listener);
        List<TableCount> counts = new ArrayList<>();
        for (StoreCopyTable t : StoreCopyTable.ALL) {
          counts.add(copy.copy(t));
          listener.tableDone(counts.get(counts.size() - 1));
        }
        for (TableCount c : copy.copyImports()) {
          counts.add(c);
          listener.tableDone(c);
        }
        src.rollback();
        return new Result(sourceId, version, List.copyOf(counts));
      }
    } catch (SQLException e) {
      throw new StoreException("store copy failed: " + e.getMessage(), e);
    }
  }

  /** The source's schema version; refuses a file that is not a TillWatch SQLite store of this release. */
  private static int sourceVersion(Connection src, Path file) {
    Set<String> tables = new HashSet<>();
    try (Statement s = src.createStatement();
         ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreException(file + " is not a TillWatch SQLite store (" + e.getMessage() + ")", e);
    }
    if (!tables.contains("schema_version") || !tables.contains("tasks") || !tables.contains("events")) {
      throw new StoreException(file + " is not a TillWatch SQLite store (it has no schema_version, tasks and events tables)");
    }
    int latest = Migration.latest(Migration.SQLITE);
    int version;
    try {
      version = SchemaMigrator.currentVersion(src);
    } catch (SQLException e) {
      throw new StoreException("cannot read the schema version of " + file + ": " + e.getMessage(), e);
    }
    if (version < latest) {
      throw new StoreException(file + " has schema V" + version + ", this TillWatch copies V" + latest + ": start this "
          + "TillWatch release once on that data directory (it upgrades the file at start), stop it, then copy");
    }
    if (version > latest) {
      throw new StoreException(file + " has schema V" + version + ", newer than this TillWatch knows (V" + latest
          + "): copy it with the release that wrote it");
    }
    return version;
  }

  /**
   * The source's name in {@code store_copy_progress}: the time its schema was first created, which
   * stays with the file wherever it is moved and differs from every other instance's.
   */
  private static String sourceId(Connection src) throws SQLException {
    try (Statement s = src.createStatement();
         ResultSet rs = s.executeQuery("SELECT applied_ms FROM schema_version ORDER BY version LIMIT 1")) {
      rs.next();
      return "sqlite-created-" + rs.getLong(1);
    }
  }

  private TableCount copy(StoreCopyTable t) throws SQLException {
    boolean append = t.mode() == StoreCopyTable.Mode.APPEND;
    List<String> written = columns(t.name());
    if (append) {
      written.removeAll(t.key());
    }
    List<String> read = new ArrayList<>(append ? t.key() : List.of());
    read.addAll(written);
    int[] types = targetTypes(t.name(), written);
    StoreCopyProgress p = StoreCopyProgress.load(target, sourceId, t.name());
    // A finished keyed table is read again whole: its rows may have changed since.
    Object[] after = append ? new Object[] {p.lastId()} : p.done() || p.lastKey() == null ? null : p.lastKey().split(KEY_SEPARATOR, -1);
    long readCount = 0;
    long writtenCount = 0;
    int chunkNo = 0;
    while (true) {
      List<Object[]> rows = readChunk(t.select(read, after == null), after);
      boolean last = rows.size() < chunk;
      int w = 0;
      try {
        if (!rows.isEmpty()) {
          try (PreparedStatement ps = target.prepareStatement(t.insert(written))) {
            int offset = append ? t.key().size() : 0;
            for (Object[] row : rows) {
              for (int i = 0; i < written.size(); i++) {
                bind(ps, i + 1, row[i + offset], types[i]);
              }
              ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
              w += n > 0 ? 1 : 0;
            }
          }
          Object[] end = rows.get(rows.size() - 1);
          after = append ? new Object[] {((Number) end[0]).longValue()} : keyOf(end, t.key().size());
        }
        StoreCopyProgress.save(target, sourceId, t.name(), append ? (Long) after[0] : 0, append || after == null ? null : join(after),
            last, w);
        hook.beforeCommit(t.name(), ++chunkNo);
        target.commit();
      } catch (SQLException | RuntimeException e) {
        target.rollback();
        throw e;
      }
      readCount += rows.size();
      writtenCount += w;
      listener.chunkDone(new TableCount(t.name(), readCount, writtenCount));
      if (last) {
        return new TableCount(t.name(), readCount, writtenCount);
      }
    }
  }

  /**
   * Bill imports, one per transaction with all its lines: the import is matched on the file's
   * sha256, and its lines are copied only with a new import (an import on the target has its own).
   */
  private List<TableCount> copyImports() throws SQLException {
    StoreCopyTable t = StoreCopyTable.RECONCILE_IMPORTS;
    List<String> importCols = columns(t.name());
    importCols.removeAll(t.key());
    List<String> lineCols = columns("reconcile_lines");
    lineCols.remove("import_id");
    int[] importTypes = targetTypes(t.name(), importCols);
    List<String> lineTarget = new ArrayList<>(List.of("import_id"));
    lineTarget.addAll(lineCols);
    int[] lineTypes = targetTypes("reconcile_lines", lineTarget);
    String insertImport = t.insert(importCols) + " ON CONFLICT (sha256) DO NOTHING RETURNING id";
    String insertLine = "INSERT INTO reconcile_lines (" + String.join(", ", lineTarget) + ") VALUES ("
        + StoreCopyTable.params(lineTarget.size()) + ")";
    String selectLines = "SELECT " + String.join(", ", lineCols) + " FROM reconcile_lines WHERE import_id = ? ORDER BY n";
    List<String> read = new ArrayList<>(t.key());
    read.addAll(importCols);
    long lastId = StoreCopyProgress.load(target, sourceId, t.name()).lastId();
    long[] imports = new long[2];
    long[] lines = new long[2];
    int chunkNo = 0;
    while (true) {
      List<Object[]> rows = readChunk(t.select(read, false), new Object[] {lastId});
      for (Object[] row : rows) {
        lastId = ((Number) row[0]).longValue();
        List<Object[]> its = readChunk(selectLines, new Object[] {lastId}, false);
        imports[0]++;
        lines[0] += its.size();
        try {
          Long newId = null;
          try (PreparedStatement ps = target.prepareStatement(insertImport)) {
            for (int i = 0; i < importCols.size(); i++) {
              bind(ps, i + 1, row[i + 1], importTypes[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              newId = rs.next() ? rs.getLong(1) : null;
            }
          }
          if (newId != null) {
            try (PreparedStatement ps = target.prepareStatement(insertLine)) {
              for (Object[] line : its) {
                ps.setLong(1, newId);
                for (int i = 0; i < lineCols.size(); i++) {
                  bind(ps, i + 2, line[i], lineTypes[i + 1]);
                }
                ps.addBatch();
              }
              ps.executeBatch();
            }
            imports[1]++;
            lines[1] += its.size();
          }
          StoreCopyProgress.save(target, sourceId, t.name(), lastId, null, false, newId == null ? 0 : 1);
          hook.beforeCommit(t.name(), ++chunkNo);
          target.commit();
        } catch (SQLException | RuntimeException e) {
          target.rollback();
          throw e;
        }
      }
      if (rows.size() < chunk) {
        return List.of(new TableCount(t.name(), imports[0], imports[1]), new TableCount("reconcile_lines", lines[0], lines[1]));
      }
    }
  }

  private List<Object[]> readChunk(String sql, Object[] after) throws SQLException {
    return readChunk(sql, after, true);
  }

  /** Runs {@code sql} on the source with the {@code after} values bound first, then the chunk size when {@code limited}. */
  private List<Object[]> readChunk(String sql, Object[] after, boolean limited) throws SQLException {
    try (PreparedStatement ps = source.prepareStatement(sql)) {
      int i = 1;
      if (after != null) {
        for (Object v : after) {
          ps.setObject(i++, v);
        }
      }
      if (limited) {
        ps.setInt(i, chunk);
      }
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int c = 0; c < n; c++) {
            row[c] = rs.getObject(c + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** The source table's columns, which the target must have too (both schemas are the same version). */
  private List<String> columns(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  /** The JDBC type of each of {@code columns} on the target, so that a NULL is sent with its column's type. */
  private int[] targetTypes(String table, List<String> columns) throws SQLException {
    Map<String, Integer> byName = new HashMap<>();
    try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE false")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        byName.put(md.getColumnName(i), md.getColumnType(i));
      }
    }
    int[] types = new int[columns.size()];
    for (int i = 0; i < types.length; i++) {
      Integer type = byName.get(columns.get(i));
      if (type == null) {
        throw new StoreException("the target's table " + table + " has no column " + columns.get(i)
            + ": the two schemas differ although both say the same version");
      }
      types[i] = type;
    }
    return types;
  }

  private static void bind(PreparedStatement ps, int i, Object v, int type) throws SQLException {
    if (v == null) {
      ps.setNull(i, type);
    } else if (type == Types.BIGINT || type == Types.INTEGER) {
      ps.setLong(i, v instanceof Number n ? n.longValue() : Long.parseLong(v.toString()));
    } else {
      ps.setString(i, v.toString());
    }
  }

  private static Object[] keyOf(Object[] row, int size) {
    Object[] key = new Object[size];
    for (int i = 0; i < size; i++) {
      key[i] = row[i].toString();
    }
    return key;
  }

  private static String join(Object[] key) {
    return String.join(KEY_SEPARATOR, java.util.Arrays.stream(key).map(String::valueOf).toList());
  }
}
