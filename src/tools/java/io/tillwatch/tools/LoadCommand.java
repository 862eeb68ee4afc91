package io.tillwatch.tools;

import io.tillwatch.app.cli.HostPort;
import io.tillwatch.app.config.Durations;
import io.tillwatch.sim.SimulatorOptions;
import io.tillwatch.tools.load.LoadGenerator;
import io.tillwatch.tools.load.LoadOptions;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator: many MQTT connections publishing the simulator's sale telemetry at QoS 1,
 * pipelined, open loop at a fixed rate or closed loop at max rate. Prints a human summary, then one
 * JSON line (the last line of its output).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Publish realistic telemetry over many QoS 1 connections; report acknowledged events/s, "
        + "publish->PUBACK percentiles and (against TillWatch) detection against ground truth.")
final class LoadCommand implements Callable<Integer> {
  @Option(names = "--target", defaultValue = "127.0.0.1:1883", description = "host:port of TillWatch's MQTT endpoint or a broker.")
  String target;

  @Option(names = "--connections", defaultValue = "1000", description = "MQTT connections, one simulated terminal each.")
  int connections;

  @Option(names = "--merchants", description = "Merchants the terminals are spread over (default: 10, at most one per connection).")
  Integer merchants;

  @Option(names = "--rate", defaultValue = "max",
      description = "Events/s offered open loop (latency from the intended send time), 'max' for closed loop, 0 for idle connections.")
  String rate;

  @Option(names = "--duration", defaultValue = "30s", description = "Measured window, e.g. 30s.")
  String duration;

  @Option(names = "--warmup", defaultValue = "5s", description = "Load before the measured window starts.")
  String warmup;

  @Option(names = "--window", description = "Unacknowledged publishes per connection (default: 20000 / connections, 1..32).")
  Integer window;

  @Option(names = "--payload-bytes", defaultValue = "300",
      description = "Pad txn payloads to about this size with a field the daemon skips (0: the contract's bare ~140 bytes).")
  int payloadBytes;

  @Option(names = "--faults", defaultValue = "0.05",
      description = "Fault mix, as for simulate: a fraction of sales, or unprinted=..,unconfirmed=..,double=..,reversal=..,gap=..")
  String faults;

  @Option(names = "--connect-rate", defaultValue = "2000", description = "Connections opened per second at start.")
  double connectRate;

  @Option(names = "--id-prefix", defaultValue = "b", description = "Terminal id prefix.")
  String idPrefix;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
  long seed;

  @Option(names = "--user", defaultValue = "terminal",
      description = "MQTT user name: 'terminal' (the terminal id, as TillWatch's terminal auth wants), 'none', or a fixed name.")
  String user;

  @Option(names = "--password", description = "MQTT password; '{terminal}' is replaced by the terminal id. TillWatch's "
      + "terminal auth gives each terminal its own one-time secret, so benchmarks run it with --mqtt.auth=off.")
  String password;

  @Option(names = "--tillwatch", description = "Base URL of the target TillWatch's HTTP API, e.g. http://127.0.0.1:8080: "
      + "reports its committed rate from /metrics and scores its findings.")
  URI tillwatch;

  @Option(names = "--score-after", defaultValue = "0s",
      description = "With --tillwatch: wait this long after the load (longer than the daemon's detect.* timeouts), then score; 0s: no scoring.")
  String scoreAfter;

  @Option(names = "--recheck-after", defaultValue = "0s",
      description = "With --score-after: when the scoring missed a fault, wait this much longer and score again, telling "
          + "late findings from lost ones; 0s: no second look.")
  String recheckAfter;

  @Override
  public Integer call() throws Exception {
    LoadOptions opts;
    try {
      HostPort t = HostPort.parse(target);
      SimulatorOptions fleet = SimulatorOptions.builder(t.host(), t.port()).terminals(connections).merchants(merchants != null ? merchants : Math.min(10, connections))
          .faults(faults).seed(seed).connectsPerSecond(connectRate).clientIdPrefix(idPrefix).build();
      var score = Durations.parse(scoreAfter);
      var recheck = Durations.parse(recheckAfter);
      opts = new LoadOptions(fleet, rate.equalsIgnoreCase("max") ? LoadOptions.MAX : Double.parseDouble(rate),
          Durations.parse(warmup), Durations.parse(duration), window != null ? window : LoadOptions.defaultWindow(connections),
          payloadBytes, user, password, tillwatch, score.isZero() ? null : score,
          recheck.isZero() ? null : recheck);
    } catch (IllegalArgumentException e) {
      System.err.println("tillwatch-tools load: " + e.getMessage());
      return 2;
    }
    try {
      System.out.println(new LoadGenerator(opts, System.out).run());
      return 0;
    } catch (IllegalStateException e) {
      System.err.println("tillwatch-tools load: " + e.getMessage());
      return 1;
    }
  }
}
