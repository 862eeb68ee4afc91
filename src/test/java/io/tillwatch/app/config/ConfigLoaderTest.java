package io.tillwatch.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void defaultsMatchTheContract() {
    Config c = ConfigLoader.load(null, Map.of(), List.of());
    assertEquals(1883, c.get(Keys.MQTT_PORT));
    assertEquals(8080, c.get(Keys.HTTP_PORT));
    assertEquals(Duration.ofSeconds(60), c.get(Keys.PRINT_TIMEOUT));
    assertEquals(Duration.ofSeconds(120), c.get(Keys.OUTCOME_TIMEOUT));
    assertEquals(Duration.ofMinutes(15), c.get(Keys.DOUBLE_CHARGE_WINDOW));
    assertEquals(3, c.get(Keys.SILENCE_FACTOR));
    assertEquals(Duration.ofSeconds(60), c.get(Keys.GAP_TIMEOUT));
    assertEquals(Duration.ofMinutes(10), c.get(Keys.REVERSAL_TIMEOUT));
    assertEquals(Duration.ofMinutes(30), c.get(Keys.BACKLOG_TIMEOUT));
    assertEquals(Duration.ofHours(24), c.get(Keys.JOURNAL_RETENTION));
    assertEquals(Duration.ofDays(90), c.get(Keys.TASKS_RETENTION));
    assertEquals("./tillwatch-data", c.get(Keys.DATA_DIR));
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFile() throws Exception {
    Path yaml = dir.resolve("t.yml");
    Files.writeString(yaml, "mqtt:\n  port: 1000\nhttp.port: 2000\ndetect:\n  print-timeout: 5s\n");
    Config c = ConfigLoader.load(yaml, Map.of("TILLWATCH_HTTP_PORT", "3000", "TILLWATCH_DETECT_PRINT_TIMEOUT", "7s"),
        List.of("--detect.print-timeout=500ms"));
    assertEquals(1000, c.get(Keys.MQTT_PORT));
    assertEquals(3000, c.get(Keys.HTTP_PORT));
    assertEquals(Duration.ofMillis(500), c.get(Keys.PRINT_TIMEOUT));
    assertTrue(c.describe().get("http.port").contains("env TILLWATCH_HTTP_PORT"));
  }

  @Test
  void aBadValueNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of(), List.of("--detect.gap-timeout=soon")));
    assertTrue(e.getMessage().contains("detect.gap-timeout"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("TILLWATCH_MQTT_PORT", "70000"), List.of()));
    assertTrue(e.getMessage().contains("mqtt.port"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of("--mqtt.prot=1")));
    assertTrue(e.getMessage().contains("mqtt.prot"), e.getMessage());
  }

  @Test
  void badYamlIsExplained() throws Exception {
    Path yaml = dir.resolve("bad.yml");
    Files.writeString(yaml, "mqtt: [1, 2\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, Map.of(), List.of()));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofDays(90), Durations.parse("90d"));
    assertEquals("15m", Durations.format(Duration.ofMinutes(15)));
    assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("15 minutes"));
  }
}
