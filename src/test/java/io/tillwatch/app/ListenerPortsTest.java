package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two listeners on one address and port are refused before anything binds; Vert.x would share the port between them. */
class ListenerPortsTest {
  private static Config config(String... args) {
    return ConfigLoader.load(null, Map.of(), List.of(args));
  }

  @Test
  void theMqttEndpointAndTheApiOnOnePortAreRefusedWithBothKeys() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ListenerPorts.check(config("--mqtt.port=39445", "--http.port=39445"), true));
    assertEquals("http.port and mqtt.port are both 39445 on 127.0.0.1: each listener needs a port of its own; change one "
        + "of them", e.getMessage());
    assertThrows(ConfigException.class, () -> ListenerPorts.check(config("--http.port=9100", "--http.management-port=9100",
        "--http.management-host=0.0.0.0"), true), "a wildcard address overlaps every other");
  }

  @Test
  void distinctPortsAddressesAndPortZeroPass() {
    assertDoesNotThrow(() -> ListenerPorts.check(config(), true));
    assertDoesNotThrow(() -> ListenerPorts.check(config("--mqtt.port=0", "--http.port=0"), true));
    assertDoesNotThrow(() -> ListenerPorts.check(config("--mqtt.port=8080"), false), "broker mode has no endpoint");
    assertDoesNotThrow(() -> ListenerPorts.check(config("--mqtt.host=10.0.0.5", "--mqtt.port=8080"), true),
        "two specific addresses do not share a socket");
  }
}
