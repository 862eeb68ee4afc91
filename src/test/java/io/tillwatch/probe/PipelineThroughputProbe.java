package io.tillwatch.probe;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.ConfigLoader;
import io.tillwatch.sim.FleetSimulator;
import io.tillwatch.sim.SimulatorOptions;
import io.tillwatch.testsupport.OperatorHttpClient;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Whole pipeline (MQTT in, decode, durable group commit, engine, PUBACK) under the simulator's
 * open-loop load, in one JVM: accepted transaction events per second as counted by the daemon's
 * own metric. A command, not a test. Args: terminals, sales/s, seconds, journal.sync, sim time scale,
 * embedded|broker.
 */
public final class PipelineThroughputProbe {
  public static void main(String[] args) throws Exception {
    int terminals = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    double rate = args.length > 1 ? Double.parseDouble(args[1]) : 2000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    String sync = args.length > 3 ? args[3] : "full";
    double timeScale = args.length > 4 ? Double.parseDouble(args[4]) : 20; // compress the sim's step gaps
    boolean brokerMode = args.length > 5 && args[5].equals("broker");
    var dir = Files.createTempDirectory("tw-throughput");
    Process mosquitto = null;
    int terminalPort;
    List<String> settings = new java.util.ArrayList<>(List.of("--data.dir=" + dir, "--mqtt.port=0", "--http.port=0", "--mqtt.auth=off",
        "--journal.sync=" + sync));
    if (brokerMode) {
      // Terminals -> Mosquitto 2 (Debian's, persistence off) -> TillWatch subscribing with a persistent session.
      try (var s = new java.net.ServerSocket(0)) {
        terminalPort = s.getLocalPort();
      }
      Files.writeString(dir.resolve("mosquitto.conf"), "user root\nlistener " + terminalPort + " 127.0.0.1\nallow_anonymous true\n"
          + "max_queued_messages 1000000\nmax_inflight_messages 0\n");
      mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
      Thread.sleep(500);
      settings.addAll(List.of("--ingest.mode=broker", "--broker.url=tcp://127.0.0.1:" + terminalPort));
    } else {
      terminalPort = -1;
    }
    TillWatchDaemon d = TillWatchDaemon.start(ConfigLoader.load(null, Map.of(), settings), Clock.systemUTC());
    int port = brokerMode ? terminalPort : d.mqttPort();
    Vertx vertx = Vertx.vertx();
    FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.builder("127.0.0.1", port).terminals(terminals)
        .merchants(10).salesPerSecond(rate).faults("0").heartbeatIntervalSec(30).connectsPerSecond(2000).timeScale(timeScale)
        .duration(Duration.ofSeconds(seconds + 10)).build()).await();
    Thread.sleep(5_000); // connect and warm up
    double before = accepted(d.httpPort());
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    double after = accepted(d.httpPort());
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("mode=%s terminals=%d offered=%.0f sales/s (about %.0f events/s) sync=%s accepted=%.0f events/s%n",
        brokerMode ? "broker" : "embedded", terminals, rate, rate * 4, sync, (after - before) / secs);
    System.out.println(sim.stats().summary());
    sim.stop().await();
    vertx.close().await();
    d.stop();
    if (mosquitto != null) {
      mosquitto.destroy();
    }
  }

  static double accepted(int httpPort) throws Exception {
    String body = OperatorHttpClient.builder().build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith("tillwatch_txn_events_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
