package io.tillwatch.reconcile;

import io.tillwatch.tasks.TaskService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports one bill file: refuse it whole or import it whole, then act on what it shows.
 *
 * <p>Design. An import runs in four steps, and only the third writes the import:
 * <ol>
 *   <li>Identify: the SHA-256 of the content. A file imported before is UNCHANGED: its stored report
 *       is returned and nothing changes (unless its task changes were interrupted, which are then
 *       completed).</li>
 *   <li>Read and check everything before trusting anything: the layout and every line (parser),
 *       the summary or trailer, the day. Any problem refuses the file; nothing is written.</li>
 *   <li>Match against the journal and the open tasks (reads only) and keep the import with its
 *       report in ONE transaction: a failure there leaves nothing, and the unique hash makes a
 *       concurrent import of the same file land once.</li>
 *   <li>Act through the task service: open SETTLED_NOT_SEEN tasks, resolve the settled ones. These
 *       are idempotent and the import records when they are all done, so an interruption between
 *       steps 3 and 4 is completed by importing the same file again.</li>
 * </ol>
 * Blocking: call from a worker thread, never an event loop.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** Sales are read this far around the bill's day: terminal clocks drift, and matching allows a window. */
  private static final long READ_MARGIN_MS = Duration.ofDays(1).toMillis();
  /** Larger files are refused unread: a day's bill of a very busy merchant is tens of megabytes. */
  public static final long MAX_BILL_BYTES = 256L << 20;

  private final ReconcileStore store;
  private final ReconcileEffects effects;
  private final ReconcileSettings settings;
  private final ImportListener listener;
  private final Clock clock;

  public Reconciler(ReconcileStore store, TaskService tasks, ReconcileSettings settings, ImportListener listener, Clock clock) {
    this.store = store;
    this.effects = new ReconcileEffects(tasks, store, clock, settings.zone());
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Reads and imports a bill file (refusing one above {@link #MAX_BILL_BYTES} unread); see
   * {@link #importBill}. A file that cannot be read throws {@link java.io.UncheckedIOException}.
   */
  public ImportResult importFile(java.nio.file.Path file, BillFormat format, LocalDate date, String merchant) {
    byte[] content;
    try {
      long size = java.nio.file.Files.size(file);
      if (size > MAX_BILL_BYTES) {
        ImportResult refused = ImportResult.refused(format, "too large: " + size + " bytes (at most " + MAX_BILL_BYTES + ")");
        return told(refused);
      }
      content = java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return importBill(file.getFileName().toString(), content, format, date, merchant);
  }

  /**
   * Imports a bill for {@code date} (in the bill's zone). {@code merchant}, when not null, is the
   * TillWatch merchant every line is for; else each line's own merchant number is used.
   * Refusals are results, not exceptions; a store failure throws.
   */
  public ImportResult importBill(String fileName, byte[] content, BillFormat format, LocalDate date, String merchant) {
    ImportResult result;
    try {
      result = run(fileName, content, format, date, merchant);
    } catch (BillRefusedException e) {
      result = ImportResult.refused(format, e.getMessage());
    }
    return told(result);
  }

  private ImportResult told(ImportResult result) {
    try {
      listener.finished(result);
    } catch (RuntimeException e) {
      LOG.warn("reconcile import listener failed", e);
    }
    return result;
  }

  private ImportResult run(String fileName, byte[] content, BillFormat format, LocalDate date, String merchant)
      throws BillRefusedException {
    String sha = sha256(content);
    Optional<StoredImport> before = store.findImport(sha);
    if (before.isPresent()) {
      return unchanged(before.get());
    }
    Bill bill = BillParsers.of(format, settings.zone(), settings.csvColumns()).parse(content);
    List<BillLine> lines = withMerchant(bill.lines(), merchant);
    BillDay day = new BillDay(date, settings.zone());
    day.check(bill);

    long now = clock.millis();
    long horizon = now - settings.journalRetention().toMillis();
    SaleMatcher matcher = new SaleMatcher(new SaleMatcher.Settings(day.startMs(), day.endMs(),
        settings.matchWindow().toMillis(), horizon, format != BillFormat.CSV));
    List<ReportLine> found = matcher.match(lines, merchant,
        store.sales(day.startMs() - READ_MARGIN_MS, day.endMs() + READ_MARGIN_MS), store.unresolvedSaleTasks());
    List<String> warnings = new ArrayList<>();
    if (day.startMs() < horizon) {
      warnings.add("Part of " + date + " is older than journal.retention (" + settings.journalRetention().toHours()
          + "h): sales closed cleanly before " + java.time.Instant.ofEpochMilli(horizon) + " may be pruned, so charges "
          + "unknown to TillWatch from before then are reported past_retention, not as tasks. Keep journal.retention "
          + "at least 48h to reconcile yesterday's bill.");
    }
    ReconcileReport report = new ReconcileReport(format, date, merchant, fileName, sha, now, lines.size(), found, warnings);
    Optional<Long> id = join(store.saveImport(report));
    if (id.isEmpty()) { // the same file, imported by someone else a moment ago
      return unchanged(store.findImport(sha).orElseThrow());
    }
    ReconcileReport applied = effects.apply(report);
    join(store.effectsApplied(id.get(), applied));
    return new ImportResult(ImportResult.Status.IMPORTED, format, applied, null);
  }

  private ImportResult unchanged(StoredImport stored) {
    ReconcileReport report = stored.report();
    if (!stored.effectsDone()) {
      LOG.info("completing the task changes of an interrupted import of {}", report.fileName());
      report = effects.apply(report);
      join(store.effectsApplied(stored.id(), report));
    }
    return new ImportResult(ImportResult.Status.UNCHANGED, report.format(), report, null);
  }

  private static List<BillLine> withMerchant(List<BillLine> lines, String merchant) throws BillRefusedException {
    List<BillLine> out = new ArrayList<>(lines.size());
    for (BillLine l : lines) {
      BillLine m = merchant == null ? l : l.withMerchant(merchant);
      if (m.merchant().isBlank()) {
        throw BillRefusedException.atLine(l.lineNo(), "no merchant: the bill names none, give --merchant");
      }
      out.add(m);
    }
    return out;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
