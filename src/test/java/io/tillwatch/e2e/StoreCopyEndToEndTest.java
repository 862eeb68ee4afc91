package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.tasks.TaskSamples;
import io.tillwatch.testsupport.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Moving a single instance to PostgreSQL as an operator does it: terminals provisioned and tasks
 * kept on SQLite, the real {@code tillwatch store copy} command, then a daemon on the PostgreSQL
 * database that lists the copied tasks, lets the copied terminal in with its old secret and keeps a
 * revoked one out. Copying again while that daemon runs writes nothing.
 */
class StoreCopyEndToEndTest {
  @TempDir Path dir;

  @Test
  void aDaemonOnTheCopiedDatabaseListsTheTasksAndAcceptsTheCredentials() throws Exception {
    Path data = dir.resolve("data");
    String secret = MqttAuthEndToEndTest.cli("add", "--terminal", "t-a", "--merchant", "m001", "--data.dir=" + data,
        "--mqtt.auth-iterations=1000");
    MqttAuthEndToEndTest.cli("add", "--terminal", "t-gone", "--merchant", "m001", "--data.dir=" + data,
        "--mqtt.auth-iterations=1000");
    MqttAuthEndToEndTest.cli("revoke", "--terminal", "t-gone", "--data.dir=" + data);
    try (SqlStore sqlite = SqlStore.open(StoreSettings.defaults(data), StoreObserver.NONE)) {
      sqlite.tasks().insertIfAbsent(TaskSamples.saleTask("t_open", "s1", 1_000)).join();
      sqlite.tasks().insertIfAbsent(TaskSamples.saleTask("t_acked", "s2", 2_000)).join();
      var acked = sqlite.tasks().load("t_acked").join().orElseThrow().acknowledge("alice", 3_000);
      assertTrue(sqlite.tasks().compareAndSet(acked).join());
    }
    String url = PostgresServer.shared().newDatabase();

    String[] copy = {"store", "copy", "--from", "sqlite:" + data, "--to", "postgres:" + url, "--tls", "disable"};
    String first = run(copy);
    assertTrue(Pattern.compile("(?m)^tasks\\s+2\\s+2\\s+0$").matcher(first).find(), first);
    assertTrue(Pattern.compile("(?m)^credentials\\s+2\\s+2\\s+0$").matcher(first).find(), first);

    try (InProcessDaemon tw = new InProcessDaemon(dir.resolve("pg-instance"), Map.of("store", "postgres", "store.url", url,
        "store.tls", "disable", "mqtt.auth", "on", "mqtt.auth-iterations", "1000"))) {
      List<JsonObject> tasks = tw.api.tasks("");
      assertEquals(Map.of("t_acked", "ACKNOWLEDGED", "t_open", "OPEN"),
          Map.of(tasks.get(0).getString("id"), tasks.get(0).getString("state"), tasks.get(1).getString("id"),
              tasks.get(1).getString("state")));
      assertEquals(2, tasks.size());

      MqttAsyncClient c = MqttAuthEndToEndTest.connect("tcp://127.0.0.1:" + tw.mqttPort(), null, "t-a", "t-a", secret);
      MqttMessage m = new MqttMessage(Payloads.txn("after-copy", 1, "STARTED", 100).getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      c.publish("pos/v1/m001/t-a/txn", m).waitForCompletion(10_000); // the PUBACK: committed to PostgreSQL
      c.disconnect().waitForCompletion();
      c.close();
      MqttException refused = assertThrows(MqttException.class,
          () -> MqttAuthEndToEndTest.connect("tcp://127.0.0.1:" + tw.mqttPort(), null, "t-gone", "t-gone", "anything"));
      assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), "revoked on SQLite, revoked here");

      String again = run(copy);
      assertTrue(Pattern.compile("(?m)^tasks\\s+2\\s+0\\s+2$").matcher(again).find(), again);
      assertTrue(Pattern.compile("(?m)^events\\s+0\\s+0\\s+0$").matcher(again).find(), again);
      assertEquals(2, tw.api.tasks("").size());
    }
  }

  @Test
  void aSourceThatIsNotATillWatchStoreIsRefusedWithExitCodeOne() {
    String url = PostgresServer.shared().newDatabase();
    StringWriter err = new StringWriter();
    int code = cli(new StringWriter(), err, "store", "copy", "--from", "sqlite:" + dir.resolve("nothing-here"),
        "--to", "postgres:" + url, "--tls", "disable");
    assertEquals(1, code);
    assertTrue(err.toString().contains("no SQLite store at"), err.toString());
    assertEquals(2, cli(new StringWriter(), new StringWriter(), "store", "copy", "--from", "/var/lib/tillwatch",
        "--to", "postgres:" + url), "--from without sqlite: is a usage error");
  }

  @Test
  void aMissingTargetDatabaseIsNamedByTheOptionThatPointsThere() {
    Path data = dir.resolve("data");
    SqlStore.open(StoreSettings.defaults(data), StoreObserver.NONE).close();
    StringWriter err = new StringWriter();
    int code = cli(new StringWriter(), err, "store", "copy", "--from", "sqlite:" + data,
        "--to", "postgres://127.0.0.1:" + PostgresServer.shared().port() + "/no_such_database", "--tls", "disable");
    assertEquals(1, code);
    assertTrue(err.toString().contains("(--to): ") && err.toString().contains("does not exist"), err.toString());
    assertTrue(err.toString().contains("run the same command again"), err.toString());
  }

  /** Runs {@code tillwatch ...} and returns what it printed; fails unless it exits 0. */
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = cli(out, err, args);
    assertEquals(0, code, out + "\n" + err);
    return out.toString();
  }

  private static int cli(StringWriter out, StringWriter err, String... args) {
    return new CommandLine(new io.tillwatch.app.cli.Main()).setUnmatchedOptionsArePositionalParams(true)
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }
}
