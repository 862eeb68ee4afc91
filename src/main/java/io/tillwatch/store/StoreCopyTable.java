package io.tillwatch.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How {@link StoreCopy} moves one table: in which order it reads the source, what keeps a row out
 * of the target, and when a row already on the target is replaced.
 *
 * @param name   the table, the same in both schemas
 * @param mode   see {@link Mode}
 * @param key    APPEND: the source's id column (read in its order, never copied); KEYED: the
 *               primary key, read in its order and matched on the target
 * @param guard  SQL over the row as {@code v.<column>} that must hold for the row to be written,
 *               or {@code null}
 * @param newer  KEYED: SQL over {@code <name>.<column>} (the target's row) and
 *               {@code EXCLUDED.<column>} (the copied one) that says the copied row is the later
 *               state of the same thing; only then it replaces the target's row
 */
record StoreCopyTable(String name, Mode mode, List<String> key, String guard, String newer) {

  enum Mode {
    /**
     * Rows that are only ever added, with an id the database gives (events, task history, bill
     * imports). The target gives them new ids: its own rows (of other instances) own the old ones.
     * The progress row keeps the last source id copied, so a row is copied once, ever.
     */
    APPEND,
    /** Rows with a natural key that change in place (tasks, credentials...): upserted by the key. */
    KEYED
  }

  /**
   * Every table of schema version 8 but the bill imports, parents before children. The imports and
   * their lines need their new ids matched up, which {@link StoreCopy} does itself after these.
   */
  static final List<StoreCopyTable> ALL = List.of(
      keyed("credentials", List.of("username"), null,
          // a rotation makes a new created_ms, a revocation sets revoked_ms: either is the later state
          "(credentials.created_ms, credentials.revoked_ms) < (EXCLUDED.created_ms, EXCLUDED.revoked_ms)"),
      keyed("terminals", List.of("merchant", "terminal"), null, "terminals.last_heard_ms < EXCLUDED.last_heard_ms"),
      // Another instance may already hold the same finding under another id: its task stays the one.
      keyed("tasks", List.of("id"), "NOT EXISTS (SELECT 1 FROM tasks t WHERE t.dedupe_key = v.dedupe_key AND t.id <> v.id)",
          "tasks.revision < EXCLUDED.revision"),
      new StoreCopyTable("task_history", Mode.APPEND, List.of("id"), "EXISTS (SELECT 1 FROM tasks t WHERE t.id = v.task_id)",
          null),
      keyed("backoffice_checks", List.of("task_id"), "EXISTS (SELECT 1 FROM tasks t WHERE t.id = v.task_id)",
          "backoffice_checks.attempts < EXCLUDED.attempts"),
      keyed("commands", List.of("id"),
          "NOT EXISTS (SELECT 1 FROM commands c WHERE c.idempotency_key = v.idempotency_key AND c.id <> v.id)",
          "commands.updated_ms < EXCLUDED.updated_ms"),
      new StoreCopyTable("events", Mode.APPEND, List.of("id"), null, null));

  /** The imports of settlement bills: APPEND, each with its lines, matched by the file's sha256. */
  static final StoreCopyTable RECONCILE_IMPORTS = new StoreCopyTable("reconcile_imports", Mode.APPEND, List.of("id"), null, null);

  private static StoreCopyTable keyed(String name, List<String> key, String guard, String newer) {
    return new StoreCopyTable(name, Mode.KEYED, key, guard, newer);
  }

  /** The source read of one chunk after the last key (none on the first chunk). */
  String select(List<String> columns, boolean first) {
    String keys = String.join(", ", key);
    String after = first ? "" : key.size() == 1 ? " WHERE " + keys + " > ?" : " WHERE (" + keys + ") > (" + params(key.size()) + ")";
    return "SELECT " + String.join(", ", columns) + " FROM " + name + after + " ORDER BY " + keys + " LIMIT ?";
  }

  /**
   * The target write of one row: the row as typed parameters, filtered by the guard, then by the
   * conflict rule (KEYED: replace only when newer). Reports 1 when written, 0 when left out.
   */
  String insert(List<String> columns) {
    String cols = String.join(", ", columns);
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(name).append(" (").append(cols).append(") SELECT ")
        .append(columns.stream().map(c -> "v." + c).collect(Collectors.joining(", ")))
        .append(" FROM (VALUES (").append(params(columns.size())).append(")) AS v (").append(cols).append(")");
    if (guard != null) {
      sql.append(" WHERE ").append(guard);
    }
    if (mode == Mode.KEYED) {
      sql.append(" ON CONFLICT (").append(String.join(", ", key)).append(") DO UPDATE SET ")
          .append(columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = EXCLUDED." + c)
              .collect(Collectors.joining(", ")))
          .append(" WHERE ").append(newer);
    }
    return sql.toString();
  }

  static String params(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
