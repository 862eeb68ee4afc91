package io.tillwatch.app.cli;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.sim.AcquirerLedger;
import io.tillwatch.sim.BackOfficeFaults;
import io.tillwatch.sim.BackOfficeIds;
import io.tillwatch.sim.BackOfficeKeys;
import io.tillwatch.sim.Bills;
import io.tillwatch.sim.FleetSimulator;
import io.tillwatch.sim.SimulatedBackOffice;
import io.tillwatch.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The daemon with compressed deadlines and a small simulated fleet in the same process, so a
 * newcomer sees every kind of task and metric within a minute. Uses its own data directory,
 * emptied at each start (the simulated terminals restart their seq counters every run).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run TillWatch with a simulated fleet and compressed deadlines: every finding kind within a minute.")
public final class DemoCommand implements Callable<Integer> {
  static final String DEMO_DATA_DIR = "./tillwatch-demo-data";

  /** Deadlines compressed for the demo; the simulator's demo preset is paced for exactly these. */
  public static final Map<String, String> DEMO_SETTINGS = demoSettings();

  /** Now and then slow or failing, and "still paying" for a few seconds after each sale, as real ones are. */
  static final BackOfficeFaults DEMO_BACK_OFFICE_FAULTS = BackOfficeFaults.parse("slow=0.05,slow-delay=1s,errors=0.02,pending=3s",
      io.tillwatch.app.config.Durations::parse);

  /** When the simulated acquirer "sends" the day's bill so far, into the drop folder: a reconciliation report in the demo. */
  static final Duration BILL_AFTER = Duration.ofSeconds(75);

  @Mixin
  SettingsArgs args;

  private static Map<String, String> demoSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mqtt.auth", "off"); // the simulated terminals have no provisioned secrets
    m.put("detect.print-timeout", "5s");
    m.put("detect.outcome-timeout", "10s");
    m.put("detect.reversal-timeout", "15s");
    m.put("detect.gap-timeout", "5s");
    m.put("detect.backlog-timeout", "20s");
    m.put("detect.silence-factor", "3");
    m.put("detect.tick", "50ms");
    m.put("http.auth", "off"); // the demo is a local walkthrough: curl without a token
    m.put("backoffice.schedule", "5s,15s,30s,1m"); // the simulated back office's pending spell is a few seconds
    return m;
  }

  @Override
  public Integer call() throws Exception {
    Config config;
    try {
      Config given = args.load();
      Map<String, String> overrides = new LinkedHashMap<>(DEMO_SETTINGS);
      if (given.describe().get(Keys.DATA_DIR.key()).endsWith("(default)")) {
        overrides.put(Keys.DATA_DIR.key(), DEMO_DATA_DIR);
        wipe(Path.of(DEMO_DATA_DIR));
      }
      if (!given.describe().get(Keys.HTTP_AUTH.key()).endsWith("(default)")) {
        overrides.remove(Keys.HTTP_AUTH.key()); // an explicit --http.auth wins over the demo's "off"
      }
      config = given.with(overrides);
    } catch (ConfigException e) {
      System.err.println("tillwatch demo: " + e.getMessage());
      return 2;
    }
    // The simulated back office first (it knows what the fleet's sales really did, through the shared
    // ledger), so the daemon starts with a back-office file pointing at it.
    Vertx simVertx = Vertx.vertx();
    // The fleet's merchants (and so the back office's ids) do not depend on where it connects, which is
    // only known once the daemon listens: any valid port names them.
    SimulatorOptions fleet = SimulatorOptions.demo("127.0.0.1", 1883);
    AcquirerLedger ledger = new AcquirerLedger();
    BackOfficeIds ids = BackOfficeIds.of(fleet);
    BackOfficeKeys keys = BackOfficeKeys.generate();
    SimulatedBackOffice backOffice = SimulatedBackOffice.start(simVertx, ledger, ids, keys, DEMO_BACK_OFFICE_FAULTS,
        "127.0.0.1", 0, fleet.seed()).await();
    Path keyDir = Path.of(config.get(Keys.DATA_DIR)).resolve("simulated-back-office");
    keys.writeTo(keyDir, ids, "http://127.0.0.1:" + backOffice.port(), "mixed");
    if (config.get(Keys.BACKOFFICE_FILE).isEmpty()) {
      config = config.with(Map.of(Keys.BACKOFFICE_FILE.key(), keyDir.resolve("backoffice.yaml").toString()));
    }
    if (config.get(Keys.RECONCILE_DROP_DIR).isEmpty()) {
      config = config.with(Map.of(Keys.RECONCILE_DROP_DIR.key(), Path.of(config.get(Keys.DATA_DIR)).resolve("bills").toString()));
    }
    TillWatchDaemon daemon = DaemonRunner.startAndLog(config, "DEMO MODE: deadlines are compressed (print 5s, outcome 10s, "
        + "reversal 15s, gap 5s, backlog 20s, silence 3 x 2s heartbeats), a simulated fleet of 20 terminals injects every "
        + "kind of fault, and a simulated back office (WeChat Pay, Alipay, an acquirer) at http://127.0.0.1:"
        + backOffice.port() + " answers TillWatch's look-ups. Data in " + config.get(Keys.DATA_DIR)
        + ". Do not use these settings in production.");
    String host = config.get(Keys.MQTT_HOST).equals("0.0.0.0") ? "127.0.0.1" : config.get(Keys.MQTT_HOST);
    FleetSimulator sim = FleetSimulator.start(simVertx, SimulatorOptions.demo(host, daemon.mqttPort()), ledger).await();
    Path drop = Path.of(config.get(Keys.RECONCILE_DROP_DIR));
    System.out.println();
    System.out.println("  Open the operator console: " + DaemonRunner.consoleUrl(config, daemon));
    System.out.println("  打开操作台: " + DaemonRunner.consoleUrl(config, daemon));
    System.out.println(config.get(Keys.HTTP_AUTH).equals("off")
        ? "  Sign in with your name (authentication is off in the demo) and watch tasks arrive. / 输入姓名即可登录（演示模式不验证身份）。"
        : "  Sign in with an API token ('tillwatch tokens add'). / 使用 API 令牌登录。");
    System.out.println();
    simVertx.setTimer(BILL_AFTER.toMillis(), id -> simVertx.executeBlocking(() -> {
      dropBills(new Bills(ledger, ids), ids, drop);
      return null;
    }));
    return DaemonRunner.runUntilSignalled(daemon, () -> {
      sim.stop().await();
      backOffice.close().await();
      simVertx.close().await();
    });
  }

  /** WeChat Pay's bill for one merchant, Alipay's (GBK) for the other: both formats go through the drop folder. */
  private static void dropBills(Bills bills, BackOfficeIds ids, Path drop) {
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    List<String> formats = List.of("wechatpay", "alipay");
    for (int i = 0; i < ids.merchants().size(); i++) {
      String merchant = ids.merchants().get(i);
      String format = formats.get(i % formats.size());
      bills.write(merchant, today, format, drop.resolve(format + "-" + merchant + "-" + today + ".csv"));
    }
    System.out.println("The simulated acquirers' bills of " + today + " are in " + drop.toAbsolutePath()
        + ": TillWatch imports them; the reports land in " + drop.resolve("done").toAbsolutePath());
  }

  private static void wipe(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new ConfigException("cannot empty the demo data directory " + dir + ": " + e.getMessage());
    }
  }
}
