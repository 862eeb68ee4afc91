package io.tillwatch.app.cli;

import io.tillwatch.sim.AcquirerLedger;
import io.tillwatch.sim.BackOfficeFaults;
import io.tillwatch.sim.BackOfficeIds;
import io.tillwatch.sim.BackOfficeKeys;
import io.tillwatch.sim.Bills;
import io.tillwatch.sim.FleetSimulator;
import io.tillwatch.sim.SimulatedBackOffice;
import io.tillwatch.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** Runs a simulated terminal fleet against TillWatch (or any MQTT broker), writing the ground truth of injected faults. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a fleet of terminals that inject faults at chosen rates and record the ground truth.")
final class SimulateCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SimulateCommand.class);

  @Option(names = "--broker", defaultValue = "127.0.0.1:1883", description = "host:port of TillWatch's MQTT endpoint or a broker.")
  String broker;

  @Option(names = "--terminals", defaultValue = "100", description = "Simulated terminals (one MQTT connection each).")
  int terminals;

  @Option(names = "--merchants", defaultValue = "10", description = "Merchants the terminals are spread over.")
  int merchants;

  @Option(names = "--rate", defaultValue = "10", description = "Sales per second across the fleet (open loop).")
  double rate;

  @Option(names = "--faults", defaultValue = "0.05",
      description = "A fraction of sales with a fault (e.g. 0.05), or per kind: unprinted=0.05,unconfirmed=0.02,double=0.01,"
          + "reversal=0.01,gap=0.01,silent=0.002,backlog=0.002")
  String faults;

  @Option(names = "--heartbeat", defaultValue = "30", description = "Heartbeat interval in seconds.")
  int heartbeatSec;

  @Option(names = "--duration", description = "How long to run, e.g. 10m; default until Ctrl-C.")
  String duration;

  @Option(names = "--sales-for", description = "Stop starting sales after this long (e.g. 4m) and keep the terminals and "
      + "the simulated back office up until --duration ends, so the follow-up of the last sales plays out before a score.")
  String salesFor;

  @Option(names = "--ground-truth", description = "JSON Lines file of the injected faults.")
  Path groundTruth;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(names = "--connect-rate", defaultValue = "200", description = "Connections per second at start.")
  double connectRate;

  @Option(names = "--id-prefix", defaultValue = "t", description = "Terminal id prefix (terminal ids are prefix + 5 digits).")
  String idPrefix;

  @Option(names = "--time-scale", defaultValue = "1", description = "Speeds up the simulator's own pacing.")
  double timeScale;

  @Option(names = "--outcomes", defaultValue = "",
      description = "What really happened at the acquirer for sales in doubt, and how often printers run out of paper: "
          + "unconfirmed-charged=0.6,reversal-fails=0.1,double-both-charged=0.5,paper-out=0.3,never-final=0 (names left out keep these).")
  String outcomes;

  @Option(names = "--paper-out-for", description = "How long a printer stays out of paper, e.g. 10m (default 10m / time scale).")
  String paperOutFor;

  @Option(names = "--backoffice-port", defaultValue = "-1",
      description = "Start the simulated back office (WeChat Pay v3, Alipay and generic JSON at once) on this port (0 picks one); "
          + "-1 (default): none.")
  int backOfficePort;

  @Option(names = "--backoffice-host", defaultValue = "127.0.0.1", description = "Address the simulated back office listens on.")
  String backOfficeHost;

  @Option(names = "--backoffice-keys",
      description = "Folder to write the simulated back office's keys into (merchant-private.pem, platform-public.pem, "
          + "merchant-public.pem) with a backoffice.yaml for the daemon. Default: keys are generated and not written.")
  Path backOfficeKeys;

  @Option(names = "--backoffice-type", defaultValue = "mixed",
      description = "Which format backoffice.yaml routes the merchants to: mixed (QR to WeChat Pay, wallets to Alipay, "
          + "cards to the acquirer's generic JSON), wechatpay, alipay or http.")
  String backOfficeType;

  @Option(names = "--backoffice-faults", defaultValue = "",
      description = "Back-office faults: slow=0.05,slow-delay=2s,errors=0.02,pending=5s,outage-at=5m,outage-for=10m,outage=503|silent.")
  String backOfficeFaults;

  @Option(names = "--bills", description = "Folder to write each merchant's bill of today in the three formats into, when the simulation stops.")
  Path bills;

  @Override
  public Integer call() throws Exception {
    SimulatorOptions options;
    BackOfficeFaults boFaults;
    java.time.Duration salesWindow;
    try {
      salesWindow = salesFor == null ? null : io.tillwatch.app.config.Durations.parse(salesFor);
      HostPort target = HostPort.parse(broker);
      options = SimulatorOptions.builder(target.host(), target.port())
          .terminals(terminals).merchants(merchants).salesPerSecond(rate).faults(faults).heartbeatIntervalSec(heartbeatSec)
          .duration(duration == null ? null : io.tillwatch.app.config.Durations.parse(duration))
          .groundTruthPath(groundTruth).seed(seed).connectsPerSecond(connectRate).clientIdPrefix(idPrefix)
          .timeScale(timeScale).outcomes(outcomes)
          .paperOutPeriod(paperOutFor == null ? null : io.tillwatch.app.config.Durations.parse(paperOutFor)).build();
      boFaults = BackOfficeFaults.parse(backOfficeFaults, io.tillwatch.app.config.Durations::parse);
      if (!List.of("mixed", "wechatpay", "alipay", "http").contains(backOfficeType)) {
        throw new IllegalArgumentException("--backoffice-type must be mixed, wechatpay, alipay or http, got '" + backOfficeType + "'");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("tillwatch simulate: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      AcquirerLedger ledger = new AcquirerLedger();
      BackOfficeIds ids = BackOfficeIds.of(options);
      SimulatedBackOffice backOffice = null;
      if (backOfficePort >= 0) {
        BackOfficeKeys keys = BackOfficeKeys.generate();
        backOffice = SimulatedBackOffice.start(vertx, ledger, ids, keys, boFaults, backOfficeHost, backOfficePort, seed).await();
        String url = "http://" + backOfficeHost + ":" + backOffice.port();
        if (backOfficeKeys != null) {
          keys.writeTo(backOfficeKeys, ids, url, backOfficeType);
        }
        LOG.info("simulated back office at {} (WeChat Pay v3, Alipay /gateway.do, /generic/sales); keys and backoffice.yaml: {}", url,
            backOfficeKeys == null ? "(not written)" : backOfficeKeys.toAbsolutePath());
      }
      FleetSimulator sim = FleetSimulator.start(vertx, options, ledger).await();
      if (salesWindow != null) {
        vertx.setTimer(salesWindow.toMillis(), id -> {
          sim.stopSales();
          LOG.info("no new sales from now on (--sales-for {}); terminals and back office stay up", salesFor);
        });
      }
      LOG.info("simulating {} terminals at {} sales/s against {}; ground truth: {}", terminals, rate, broker,
          groundTruth == null ? "(in memory)" : groundTruth);
      CountDownLatch done = new CountDownLatch(1);
      sim.completion().onComplete(ar -> done.countDown());
      Signal.handle(new Signal("TERM"), s -> done.countDown());
      Signal.handle(new Signal("INT"), s -> done.countDown());
      long every = Duration.ofSeconds(5).toMillis();
      vertx.setPeriodic(every, id -> LOG.info("{}", sim.stats().summary()));
      done.await();
      sim.stop().await();
      LOG.info("final: {}", sim.stats().summary());
      if (bills != null) {
        writeBills(ledger, ids);
      }
      if (backOffice != null) {
        LOG.info("simulated back office: {}", backOffice.stats());
        backOffice.close().await();
      }
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private void writeBills(AcquirerLedger ledger, BackOfficeIds ids) {
    Bills b = new Bills(ledger, ids);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    for (String m : ids.merchants()) {
      b.write(m, today, "wechatpay", bills.resolve(m + "-" + today + "-wechatpay.csv"));
      b.write(m, today, "alipay", bills.resolve(m + "-" + today + "-alipay.csv"));
      b.write(m, today, "csv", bills.resolve(m + "-" + today + "-generic.csv"));
    }
    LOG.info("bills of {} written to {}", today, bills.toAbsolutePath());
  }
}
