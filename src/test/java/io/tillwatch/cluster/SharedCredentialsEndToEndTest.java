package io.tillwatch.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillwatch.app.cli.Main;
import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.testsupport.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Terminal credentials on a shared store: one {@code tillwatch terminals add} with the store settings
 * lets the terminal connect to every instance at once, and one revoke closes its connections on
 * every instance within the credential watch's two seconds (plus the poll's own time).
 */
class SharedCredentialsEndToEndTest extends TwoInstancesTest {
  @Override
  Map<String, String> settings() {
    return Map.of("mqtt.auth", "on", "mqtt.auth-iterations", "1000");
  }


  /** The real {@code terminals} subcommand on the shared store; the printed secret, if any. */
  String terminals(String... args) {
    List<String> full = new ArrayList<>(List.of("terminals"));
    full.addAll(List.of(args));
    full.addAll(List.of("--store=postgres", "--store.url=" + url, "--store.user=" + PostgresServer.USER,
        "--store.tls=disable", "--data.dir=" + dir.resolve("cli"), "--mqtt.auth-iterations=1000"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new Main()).setUnmatchedOptionsArePositionalParams(true).execute(full.toArray(String[]::new));
      assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
    Matcher m = Pattern.compile("secret \\(shown once[^)]*\\): (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
  }

  /** A terminal's MQTT 3.1.1 connection to one instance, or the refusal. */
  MqttAsyncClient connect(InProcessDaemon to, String terminal, String secret) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + to.mqttPort(), terminal, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setUserName(terminal);
    o.setPassword(secret.toCharArray());
    try {
      c.connect(o).waitForCompletion(5_000);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  @Test
  void aCredentialAddedOnceLetsTheTerminalConnectToEveryInstanceAndARevokeClosesItEverywhere() throws Exception {
    String secret = terminals("add", "--terminal", "t-shared", "--merchant", "m1");
    long added = System.nanoTime();
    MqttAsyncClient onA = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptions().until(() -> connect(a, "t-shared", secret), MqttAsyncClient::isConnected);
    MqttAsyncClient onB = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptions().until(() -> connect(b, "t-shared", secret), MqttAsyncClient::isConnected);
    System.out.printf("a credential added with the CLI: connected to both instances %d ms later%n",
        (System.nanoTime() - added) / 1_000_000);

    terminals("revoke", "--terminal", "t-shared");
    long revoked = System.nanoTime();
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> !onA.isConnected() && !onB.isConnected());
    System.out.printf("a revoke with the CLI: connections on both instances closed %d ms later%n",
        (System.nanoTime() - revoked) / 1_000_000);
    for (InProcessDaemon d : List.of(a, b)) {
      MqttException refused = assertThrows(MqttException.class,
          () -> connect(d, "t-shared", secret));
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), "revoked, on every instance");
    }
    onA.close();
    onB.close();
  }
}
