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
  void theTokensFileFollowsTheDataDirectoryUnlessItIsGiven() {
    assertEquals(Path.of("./tillwatch-data", "tokens"), Keys.tokensFile(ConfigLoader.load(null, Map.of(), List.of())),
        "a checkout's tokens stay in its ignored data directory, never the repository root");
    assertEquals(Path.of("/srv/tillwatch", "tokens"),
        Keys.tokensFile(ConfigLoader.load(null, Map.of(), List.of("--data.dir=/srv/tillwatch"))));
    assertEquals(Path.of("/etc/tillwatch/api-tokens"), Keys.tokensFile(ConfigLoader.load(null, Map.of(),
        List.of("--data.dir=/srv/tillwatch", "--http.tokens-file=/etc/tillwatch/api-tokens"))));
  }

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
    assertEquals("environment variable TILLWATCH_HTTP_PORT", c.source(Keys.HTTP_PORT));
    assertEquals("file " + yaml + " line 2", c.source(Keys.MQTT_PORT));
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
  void aBadValueNamesItsSource() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of("--mqtt.port=x")));
    assertEquals("invalid value 'x' for mqtt.port (command line): not a whole number", e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("TILLWATCH_MQTT_PORT", "70000"), List.of()));
    assertEquals("invalid value '70000' for mqtt.port (environment variable TILLWATCH_MQTT_PORT): must be between 0 and 65535",
        e.getMessage());
    Path yaml = dir.resolve("t.yml");
    Files.writeString(yaml, "# TillWatch\nmqtt:\n  host: 0.0.0.0\n  port: 18 83\n");
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, Map.of(), List.of()));
    assertEquals("invalid value '18 83' for mqtt.port (file " + yaml + " line 4): not a whole number", e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of()).with(Map.of("mqtt.port", "-1")));
    assertEquals("invalid value '-1' for mqtt.port (override): must be between 0 and 65535", e.getMessage());
  }

  @Test
  void aMistypedKeySuggestsTheNearest() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of("--mqtt.prot=1")));
    assertEquals("unknown key mqtt.prot (command line); did you mean mqtt.port?", e.getMessage());
    Path yaml = dir.resolve("t.yml");
    Files.writeString(yaml, "http:\n  tokens_file: /etc/tokens\n");
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, Map.of(), List.of()));
    assertEquals("unknown key http.tokens_file (file " + yaml + " line 2); did you mean http.tokens-file?", e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of("--mqtt.tls.cert=a.pem")));
    assertTrue(e.getMessage().endsWith("did you mean mqtt.tls.cert-file?"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of("--colour=blue")));
    assertEquals("unknown key colour (command line)", e.getMessage());
  }

  @Test
  void anUnknownEnvironmentVariableIsWarnedAbout() {
    Config c = ConfigLoader.load(null, Map.of("TILLWATCH_MQTT_PROT", "1884", "TILLWATCH_LOG_LEVEL", "DEBUG",
        "TILLWATCH_HOME", "/opt/tw", "PATH", "/usr/bin", "TILLWATCH_HTTP_PORT", "8081", "TILLWATCH_LOGLEVEL", "DEBUG"), List.of());
    assertEquals(List.of("unknown environment variable TILLWATCH_HOME is ignored", // not "did you mean TILLWATCH_ROLE"
        "unknown environment variable TILLWATCH_LOGLEVEL is ignored; did you mean TILLWATCH_LOG_LEVEL?",
        "unknown environment variable TILLWATCH_MQTT_PROT is ignored; did you mean TILLWATCH_MQTT_PORT?"), c.warnings());
    assertEquals(1883, c.get(Keys.MQTT_PORT));
    assertEquals(8081, c.get(Keys.HTTP_PORT));
  }

  @Test
  void aKeyGivenTwiceInTheFileIsWarnedAbout() throws Exception {
    Path yaml = dir.resolve("twice.yml");
    Files.writeString(yaml, String.join("\n", "mqtt.port: 1000", "mqtt:", "  port: 1001", "  host: 0.0.0.0",
        "http.port: 2000", "http.port: 2001", "mqtt:", "  max-payload: 4096", ""));
    Config c = ConfigLoader.load(yaml, Map.of(), List.of());
    assertEquals(List.of("configuration file " + yaml + " gives mqtt.port twice, on lines 1 and 3: line 3 counts",
        "configuration file " + yaml + " gives http.port twice, on lines 5 and 6: line 6 counts",
        "configuration file " + yaml + " gives mqtt twice, on lines 2 and 7: the settings under both are read"), c.warnings());
    assertEquals(1001, c.get(Keys.MQTT_PORT));
    assertEquals(2001, c.get(Keys.HTTP_PORT));
    assertEquals("0.0.0.0", c.get(Keys.MQTT_HOST));
    assertEquals(4096, c.get(Keys.MQTT_MAX_PAYLOAD));
  }

  @Test
  void yamlValuesAreReadAsWritten() throws Exception {
    Path yaml = dir.resolve("values.yml");
    Files.writeString(yaml, "mqtt:\n  port: 0100\n  auth: off\nbackoffice.schedule: [10s, 1m]\nstore.url:\n");
    Config c = ConfigLoader.load(yaml, Map.of(), List.of());
    assertEquals(100, c.get(Keys.MQTT_PORT)); // not YAML 1.1's octal 64
    assertEquals(false, c.get(Keys.MQTT_AUTH));
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), c.get(Keys.BACKOFFICE_SCHEDULE));
    assertEquals("", c.get(Keys.STORE_URL));
    assertTrue(c.warnings().isEmpty(), c.warnings().toString());
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
