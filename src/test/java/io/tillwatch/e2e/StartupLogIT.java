package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads when the real jar starts, set up as in production (a provisioned terminal,
 * an API token, authentication on): one line per listener with its address and authentication, the
 * data directory, no settings table, and no WARN or ERROR, also once clients have connected (Vert.x
 * registers its connection gauges again per connection, which Micrometer warned about).
 */
class StartupLogIT {
  @TempDir
  Path dir;

  @Test
  void aStartSaysWhereEverythingIsAndWarnsOfNothing() throws Exception {
    Path data = dir.resolve("data");
    Path tokens = dir.resolve("tokens");
    String token = cli("tokens", "add", "--name", "ops", "--role", "operator", "--file", tokens.toString()).strip();
    Matcher secret = Pattern.compile("secret \\(shown once[^)]*\\): (\\S+)").matcher(cli("terminals", "add", "--merchant",
        "m1", "--terminal", "t1", "--data.dir=" + data, "--mqtt.auth-iterations=1000"));
    assertTrue(secret.find(), "terminals add printed no secret");

    Path log = Files.createFile(dir.resolve("daemon.log"));
    int mqttPort = FreePorts.next();
    int httpPort = FreePorts.next();
    try (DaemonProcess daemon = DaemonProcess.start("run", data, log, mqttPort, httpPort, List.of("--mqtt.auth=on",
        "--http.auth=token", "--http.tokens-file=" + tokens, "--mqtt.auth-iterations=1000"))) {
      for (int i = 0; i < 3; i++) { // a second connection to a listener is what made Micrometer warn
        MqttClient terminal = new MqttClient("tcp://127.0.0.1:" + mqttPort, "t1", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName("t1");
        o.setPassword(secret.group(1).toCharArray());
        terminal.connect(o);
        terminal.disconnect();
        terminal.close();
        assertEquals(200, daemon.api.withToken(token).get("/api/v1/tasks").status());
      }
      assertEquals(0, daemon.terminate());
    }

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    String all = String.join("\n", lines);
    List<String> alarming = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
    assertTrue(alarming.isEmpty(), "a start in order logs no WARN or ERROR:\n" + String.join("\n", alarming));
    assertTrue(all.contains("MQTT endpoint on 127.0.0.1:" + mqttPort + " (plain MQTT; authentication on: provisioned "
        + "terminals' secrets)"), all);
    assertTrue(all.contains("HTTP API and operator console on http://127.0.0.1:" + httpPort + "/ (authentication on: API "
        + "tokens from " + tokens + ")"), all);
    assertTrue(all.contains("metrics and health on the API listener http://127.0.0.1:" + httpPort + "/metrics and "
        + "/health/ready (no authentication)"), all);
    assertTrue(all.contains("data directory " + data + " (SQLite)"), all);
    assertTrue(all.contains("settings given: mqtt.port=" + mqttPort + " (command line)"), all);
    assertTrue(!all.contains("mqtt.max-payload") && !all.contains("kafka.topic.events"),
        "the full settings table is only logged at DEBUG:\n" + all);
    long untilStarted = lines.stream().takeWhile(l -> !l.contains("started in")).count();
    assertTrue(untilStarted < 30, untilStarted + " lines before 'started':\n" + all);
  }

  @Test
  void aCommandWarnsOnStandardErrorNotInItsAnswer() throws Exception {
    Path err = dir.resolve("err");
    String out = cli(Map.of("TILLWATCH_MQTT_PROT", "1884"), err, "terminals", "add", "--merchant", "m1", "--terminal", "t1",
        "--data.dir=" + dir.resolve("data"), "--mqtt.auth-iterations=1000");
    assertTrue(Files.readString(err).contains("unknown environment variable TILLWATCH_MQTT_PROT is ignored; did you mean "
        + "TILLWATCH_MQTT_PORT?"), Files.readString(err));
    assertTrue(!out.contains("TILLWATCH_MQTT_PROT") && out.contains("secret (shown once"), out);
  }

  /** A command of the real jar; its standard output. */
  private String cli(String... args) throws IOException, InterruptedException {
    return cli(Map.of(), dir.resolve("cli.err"), args);
  }

  private static String cli(Map<String, String> env, Path err, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
        DaemonProcess.jar().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectError(err.toFile());
    b.environment().putAll(env);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tillwatch " + String.join(" ", args) + " did not finish");
    assertEquals(0, p.exitValue(), "tillwatch " + String.join(" ", args) + ": " + out + Files.readString(err));
    return out;
  }
}
