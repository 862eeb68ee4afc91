package io.tillwatch.store;

import io.tillwatch.reconcile.JournalSale;
import io.tillwatch.reconcile.ReconcileReport;
import io.tillwatch.reconcile.ReconcileStore;
import io.tillwatch.reconcile.ReportJson;
import io.tillwatch.reconcile.ReportLine;
import io.tillwatch.reconcile.StoredImport;
import io.tillwatch.tasks.Task;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@link ReconcileStore} on SQLite: imports and their report lines (V7 tables) written through the
 * {@link GroupCommitWriter}, sales and tasks read from the journal and task tables.
 *
 * <p>An import is ONE write op, so one transaction (the writer's savepoint undoes a rejected op,
 * and a storage failure rolls back its whole batch): the import row and all its lines commit
 * together or not at all. The content hash is checked inside that op, so two imports of the same
 * file racing each other store it once.
 */
public final class SqlReconcileStore implements ReconcileStore {
  private static final String SALE_EVENTS = "SELECT merchant, terminal, txn, event, at_ms, amount, currency, method, rrn, "
      + "ref FROM events WHERE received_ms >= ? AND received_ms < ? ORDER BY id";
  private static final String INSERT_IMPORT = "INSERT INTO reconcile_imports (sha256, format, bill_date, merchant, "
      + "file_name, imported_ms, effects_done_ms, report) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)";
  private static final String INSERT_LINE = "INSERT INTO reconcile_lines (import_id, n, outcome, bill_lines, merchant, "
      + "terminal, txn, ref, acquirer_ref, bill_amount, sale_amount, currency, at_ms, task_id, note) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final GroupCommitWriter writer;
  private final ReadPool reads;

  SqlReconcileStore(GroupCommitWriter writer, ReadPool reads) {
    this.writer = writer;
    this.reads = reads;
  }

  @Override
  public java.util.Map<io.tillwatch.reconcile.BillFormat, Long> lastImportedAtMs() {
    return reads.read("last bill imports", c -> {
      java.util.Map<io.tillwatch.reconcile.BillFormat, Long> out = new java.util.EnumMap<>(io.tillwatch.reconcile.BillFormat.class);
      try (PreparedStatement ps = c.prepareStatement("SELECT format, MAX(imported_ms) AS at FROM reconcile_imports GROUP BY format");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          io.tillwatch.reconcile.BillFormat f = io.tillwatch.reconcile.BillFormat.fromLabel(rs.getString("format"));
          if (f != null) {
            out.put(f, rs.getLong("at"));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Optional<StoredImport> findImport(String sha256) {
    return reads.read("reconcile import", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, effects_done_ms, report FROM reconcile_imports WHERE sha256 = ?")) {
        ps.setString(1, sha256);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          long id = rs.getLong("id");
          boolean done = Sql.getLong(rs, "effects_done_ms", -1) >= 0;
          return Optional.of(new StoredImport(id, ReportJson.read(rs.getString("report")), done));
        }
      }
    });
  }

  @Override
  public List<JournalSale> sales(long receivedFromMs, long receivedToMs) {
    return reads.read("reconcile sales", c -> {
      Map<String, SaleSummary> sales = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(SALE_EVENTS)) {
        ps.setLong(1, receivedFromMs);
        ps.setLong(2, receivedToMs);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String m = rs.getString("merchant");
            String t = rs.getString("terminal");
            String txn = rs.getString("txn");
            sales.computeIfAbsent(m + '|' + t + '|' + txn, k -> new SaleSummary(m, t, txn)).add(rs);
          }
        }
      }
      return sales.values().stream().map(SaleSummary::sale).toList();
    });
  }

  @Override
  public List<Task> unresolvedSaleTasks() {
    return reads.read("reconcile tasks", c -> {
      List<Task> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS
          + " FROM tasks WHERE state IN ('OPEN', 'ACKNOWLEDGED') AND txn IS NOT NULL");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(TaskRows.read(rs));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<Task> taskByKey(String dedupeKey) {
    return reads.read("reconcile task", c -> {
      try (PreparedStatement ps = c.prepareStatement(TaskRows.BY_DEDUPE_KEY)) {
        ps.setString(1, dedupeKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(TaskRows.read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public CompletableFuture<Optional<Long>> saveImport(ReconcileReport report) {
    String json = ReportJson.write(report).encode();
    return writer.submit(s -> {
      PreparedStatement exists = s.prepare("SELECT id FROM reconcile_imports WHERE sha256 = ?");
      exists.setString(1, report.sha256());
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return Optional.empty();
        }
      }
      long id;
      try (PreparedStatement ps = s.connection().prepareStatement(INSERT_IMPORT, Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, report.sha256());
        ps.setString(2, report.format().label());
        ps.setString(3, report.billDate().toString());
        Sql.setText(ps, 4, report.merchant());
        ps.setString(5, report.fileName());
        ps.setLong(6, report.importedAtMs());
        ps.setString(7, json);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      PreparedStatement line = s.prepare(INSERT_LINE);
      int n = 0;
      for (ReportLine l : report.lines()) {
        bindLine(line, id, ++n, l);
        line.executeUpdate();
      }
      return Optional.of(id);
    });
  }

  @Override
  public CompletableFuture<Void> effectsApplied(long importId, ReconcileReport report) {
    String json = ReportJson.write(report).encode();
    long now = System.currentTimeMillis();
    return writer.submit(s -> {
      PreparedStatement done = s.prepare("UPDATE reconcile_imports SET effects_done_ms = ?, report = ? WHERE id = ?");
      done.setLong(1, now);
      done.setString(2, json);
      done.setLong(3, importId);
      done.executeUpdate();
      PreparedStatement task = s.prepare("UPDATE reconcile_lines SET task_id = ? WHERE import_id = ? AND n = ?");
      int n = 0;
      for (ReportLine l : report.lines()) {
        n++;
        if (l.taskId() != null) {
          task.setString(1, l.taskId());
          task.setLong(2, importId);
          task.setInt(3, n);
          task.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> barrier() {
    return writer.submit(s -> null);
  }

  private static void bindLine(PreparedStatement ps, long importId, int n, ReportLine l) throws java.sql.SQLException {
    ps.setLong(1, importId);
    ps.setInt(2, n);
    ps.setString(3, l.outcome().label());
    ps.setString(4, l.billLines().stream().map(String::valueOf).collect(Collectors.joining(",")));
    ps.setString(5, l.merchant());
    Sql.setText(ps, 6, l.terminal());
    Sql.setText(ps, 7, l.txn());
    Sql.setText(ps, 8, l.ref());
    Sql.setText(ps, 9, l.acquirerRef());
    Sql.setLongOrNull(ps, 10, l.billAmount(), -1);
    Sql.setLongOrNull(ps, 11, l.saleAmount(), -1);
    Sql.setText(ps, 12, l.currency());
    ps.setLong(13, l.timeMs());
    Sql.setText(ps, 14, l.taskId());
    Sql.setText(ps, 15, l.note());
  }

  /** One sale's events, summed up as they are read. */
  private static final class SaleSummary {
    private final String merchant;
    private final String terminal;
    private final String txn;
    private String ref;
    private String rrn;
    private long amount = -1;
    private String currency;
    private PaymentMethod method;
    private long firstAtMs = Long.MAX_VALUE;
    private long authorizedAtMs = -1;
    private boolean complete;
    private boolean undone;

    SaleSummary(String merchant, String terminal, String txn) {
      this.merchant = merchant;
      this.terminal = terminal;
      this.txn = txn;
    }

    void add(ResultSet rs) throws java.sql.SQLException {
      EventType type = EventType.fromWire(rs.getString("event"));
      long at = rs.getLong("at_ms");
      firstAtMs = Math.min(firstAtMs, at);
      long a = Sql.getLong(rs, "amount", -1);
      if (a >= 0 && (amount < 0 || type == EventType.AUTHORIZED)) {
        amount = a;
        currency = rs.getString("currency");
      }
      ref = ref != null ? ref : rs.getString("ref");
      rrn = rrn != null ? rrn : rs.getString("rrn");
      PaymentMethod m = Sql.getEnum(rs, "method", PaymentMethod.class);
      method = method != null ? method : m;
      if (type == EventType.AUTHORIZED) {
        authorizedAtMs = at;
      }
      complete |= type == EventType.COMPLETED || type == EventType.PRINTED;
      undone |= type == EventType.VOIDED || type == EventType.REVERSED || type == EventType.DECLINED
          || type == EventType.CANCELLED;
    }

    JournalSale sale() {
      return new JournalSale(merchant, terminal, txn, ref, rrn, amount, currency, method,
          authorizedAtMs >= 0 ? authorizedAtMs : firstAtMs, complete, undone);
    }
  }
}
