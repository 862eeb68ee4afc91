package io.tillwatch.app.cli;

import io.tillwatch.app.DaemonSettings;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.ConfigLoader;
import io.tillwatch.app.config.Keys;
import io.tillwatch.reconcile.BillFormat;
import io.tillwatch.reconcile.ImportListener;
import io.tillwatch.reconcile.ImportResult;
import io.tillwatch.reconcile.ReconcileSettings;
import io.tillwatch.reconcile.Reconciler;
import io.tillwatch.reconcile.ReportJson;
import io.tillwatch.reconcile.ReportText;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tillwatch reconcile --file F --format wechatpay|alipay|csv --date D [--merchant M] [--json]}:
 * imports one settlement bill into the store in {@code data.dir} and prints the report.
 *
 * <p>Exit codes: 0 imported, or unchanged (the same file was imported before); 2 the bill was
 * refused (nothing imported; the reason is printed); 1 anything else (bad options, unreadable
 * file, the store).
 *
 * <p>The daemon may be running. This process then opens the same SQLite file as a second writer:
 * WAL lets it read beside the daemon, and each of its writes takes SQLite's write lock only for
 * its own short transaction (the import and its report lines; then each task change), during
 * which the daemon's group commit waits (busy_timeout covers it). Tasks it opens or resolves are
 * in the store, so the API shows them at once, but the running daemon's in-memory task index,
 * its task metrics and the ops topic do not hear of them until its next start. While the daemon
 * runs, prefer its drop folder ({@code reconcile.drop-dir}), which imports inside the daemon.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
    description = "Import an acquirer's or wallet's daily settlement bill and match it against the journal and tasks.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:imported, or unchanged (the same file was imported before).",
        "1:not understood (an unknown option or setting, a bad value), an unreadable file, or the store failed.",
        "2:the bill was refused: nothing imported (the reason is printed)."})
final class ReconcileCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, paramLabel = "F", description = "The bill file.")
  Path file;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "wechatpay | alipay | csv")
  String format;

  @Option(names = "--date", required = true, paramLabel = "D", description = "The bill's day, yyyy-MM-dd, in reconcile.zone.")
  String date;

  @Option(names = "--merchant", paramLabel = "M",
      description = "TillWatch merchant the bill is for (default: the merchant number each bill line names).")
  String merchant;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with settings (data.dir, reconcile.*).")
  Path configFile;

  @Parameters(paramLabel = SettingsArgs.LABEL, description = "Settings, e.g. --data.dir=/var/lib/tillwatch.")
  List<String> settings = new ArrayList<>();

  /** Decides which of the bill's sales the journal may already have pruned. */
  private final Clock clock;

  ReconcileCommand() {
    this(Clock.systemUTC());
  }

  ReconcileCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    CliLogging.quiet();
    BillFormat f = BillFormat.fromLabel(format);
    if (f == null) {
      return fail("--format must be wechatpay, alipay or csv, not " + format);
    }
    LocalDate day;
    try {
      day = LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      return fail("--date must be yyyy-MM-dd, not " + date);
    }
    Config config;
    try {
      config = ConfigLoader.load(configFile, System.getenv(), settings);
    } catch (ConfigException e) {
      return fail(e.getMessage());
    }
    if (!Files.isReadable(file)) {
      return fail("cannot read " + file);
    }
    ReconcileSettings rs = DaemonSettings.reconcile(config);
    try (SqlStore store = SqlStore.open(DaemonSettings.cliStore(config), StoreObserver.NONE)) {
      TaskService tasks = new TaskService(store.tasks(), store.saleTimeline(), new TaskIndex(), clock);
      tasks.loadUnresolved();
      Reconciler reconciler = new Reconciler(store.reconcile(), tasks, rs, ImportListener.NONE, clock);
      ImportResult r = reconciler.importFile(file, f, day, merchant);
      System.out.print(json ? ReportJson.write(r).encodePrettily() + "\n" : ReportText.write(r, ZoneId.systemDefault()));
      return r.status() == ImportResult.Status.REFUSED ? 2 : 0;
    } catch (RuntimeException e) {
      return fail(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static int fail(String message) {
    System.err.println("tillwatch reconcile: " + message);
    return 1;
  }
}
