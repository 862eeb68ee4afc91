package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillwatch.app.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener whose port is taken stops start-up with the address and the setting to change. */
class ListenFailureTest {
  @TempDir
  Path dir;

  @Test
  void aTakenPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> start("--http.port=" + port));
      assertEquals("could not start the HTTP API listener: 127.0.0.1:" + port + " is already in use (another TillWatch, "
          + "or another program, listens there): stop it, or change http.port (or http.host)", e.getMessage());
      e = assertThrows(IllegalStateException.class, () -> start("--http.management-port=" + port));
      assertEquals("could not start the management listener: 127.0.0.1:" + port + " is already in use (another "
          + "TillWatch, or another program, listens there): stop it, or change http.management-port (or "
          + "http.management-host)", e.getMessage());
      e = assertThrows(IllegalStateException.class, () -> start("--mqtt.port=" + port));
      assertEquals("could not start the MQTT endpoint: 127.0.0.1:" + port + " is already in use (another TillWatch, "
          + "or another program, listens there): stop it, or change mqtt.port (or mqtt.host)", e.getMessage());
    }
  }

  private void start(String setting) {
    List<String> args = new java.util.ArrayList<>(List.of("--mqtt.port=0", "--http.port=0", "--data.dir=" + dir,
        "--mqtt.auth=off", "--http.auth=off", "--engine.shards=1"));
    args.add(setting); // the later one wins
    TillWatchDaemon.start(ConfigLoader.load(null, Map.of(), args), Clock.systemUTC()).stop();
  }
}
