package io.tillwatch.app.cli;

import io.tillwatch.sim.FleetSimulator;
import io.tillwatch.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
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

  @Override
  public Integer call() throws Exception {
    SimulatorOptions options;
    try {
      HostPort target = HostPort.parse(broker);
      options = SimulatorOptions.builder(target.host(), target.port())
          .terminals(terminals).merchants(merchants).salesPerSecond(rate).faults(faults).heartbeatIntervalSec(heartbeatSec)
          .duration(duration == null ? null : io.tillwatch.app.config.Durations.parse(duration))
          .groundTruthPath(groundTruth).seed(seed).connectsPerSecond(connectRate).clientIdPrefix(idPrefix)
          .timeScale(timeScale).build();
    } catch (IllegalArgumentException e) {
      System.err.println("tillwatch simulate: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      FleetSimulator sim = FleetSimulator.start(vertx, options).await();
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
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
